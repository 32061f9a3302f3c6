namespace Sas.Interop.Core.Storage;

/// <summary>When one free slot of a practitioner starts (availability summary).</summary>
public sealed record SlotStart(string PractitionerNationalId, DateTimeOffset Start);
