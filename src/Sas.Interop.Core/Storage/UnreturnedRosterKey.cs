namespace Sas.Interop.Core.Storage;

/// <summary>A roster key its instance never returned, although the instance has synced successfully.</summary>
public sealed record UnreturnedRosterKey(string SourceInstance, string NationalId, string? Label, DateTimeOffset AddedAt, DateTimeOffset LastSuccessAt);
