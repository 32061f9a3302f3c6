namespace Sas.Interop.Core.Canonical;

/// <summary>
/// An agenda. PS individuel and CPTS: one practitioner at one place of consultation (PractitionerRole).
/// SOS Médecins: one fixed consultation place (Location) of an association, with no practitioner.
/// </summary>
public sealed record CanonicalSchedule : SourceRecord
{
    /// <summary>Practitioner of a PS/CPTS agenda; null for an SOS agenda.</summary>
    public string? PractitionerNativeId { get; init; }

    /// <summary>PractitionerRole (place of consultation) of a PS/CPTS agenda; null for an SOS agenda.</summary>
    public string? PlaceNativeId { get; init; }

    /// <summary>Location (SOS fixed consultation place) of an SOS agenda; null for a PS/CPTS agenda.</summary>
    public string? LocationNativeId { get; init; }

    /// <summary><c>Schedule.active</c> as the publisher says it (absent: active); inactive, none of its slots is served.</summary>
    public bool Active { get; init; } = true;
}
