namespace Sas.Interop.Core.Appointments;

/// <summary>A stored slot, by its source instance and the publisher's native id.</summary>
public sealed record SlotKey(string SourceInstance, string NativeId);
