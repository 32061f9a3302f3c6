namespace Sas.Interop.Core.Storage;

/// <summary>A PS schedule, rendered, with its two actors (the iterated includes follow them).</summary>
public sealed record ServedSchedule(ServedRecord Record, string? PractitionerNativeId, string? PlaceNativeId);
