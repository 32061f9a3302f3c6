using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>When one free slot of a practitioner starts (availability summary).</summary>
public sealed record SlotStart(string PractitionerNationalId, DateTimeOffset Start)
{
    /// <summary>The consultation modes the slot offers, for the per-mode counts.</summary>
    public ConsultationModes Modes { get; init; }
}
