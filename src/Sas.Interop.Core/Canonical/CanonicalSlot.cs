namespace Sas.Interop.Core.Canonical;

/// <summary>A bookable (or walk-in) time slot.</summary>
public sealed record CanonicalSlot : SourceRecord
{
    public required string ScheduleNativeId { get; init; }

    /// <summary>
    /// Prefixed national id of the practitioner (PS/CPTS agendas), denormalised from the schedule so searches need
    /// no join; null for an SOS agenda.
    /// </summary>
    public string? PractitionerNationalId { get; init; }

    /// <summary>Prefixed SIRET (<c>3</c>+SIRET) of the SOS Médecins association (SOS agendas); null otherwise.</summary>
    public string? OrganizationNationalId { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    public SlotStatus Status { get; init; } = SlotStatus.Free;

    public SlotTypes Types { get; init; }

    public ConsultationModes Modes { get; init; }

    public AppointmentKind AppointmentKind { get; init; }

    public IReadOnlyList<CanonicalCode> Specialties { get; init; } = [];

    /// <summary>Consultation motives ("motifs"), free text.</summary>
    public IReadOnlyList<string> Motives { get; init; } = [];

    /// <summary>Native ids of the CPTS HealthcareServices the slot is visible to (one per CPTS).</summary>
    public IReadOnlyList<string> CptsServiceNativeIds { get; init; } = [];

    /// <summary>URL that takes the regulator to the publisher's booking page (<c>Slot.comment</c>).</summary>
    public string? BookingUrl { get; init; }

    /// <summary><c>Slot.overbooked</c>: the practitioner accepts one more patient than the slot was planned for (surbooking).</summary>
    public bool Overbooked { get; init; }
}
