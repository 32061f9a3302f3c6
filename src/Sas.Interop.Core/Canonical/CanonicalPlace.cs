using Sas.Interop.Core.Geography;

namespace Sas.Interop.Core.Canonical;

/// <summary>
/// A place of consultation: the publisher's PractitionerRole together with the Location it contains.
/// One place, one schedule (IG rule).
/// </summary>
public sealed record CanonicalPlace : SourceRecord
{
    /// <summary>Native id of the practitioner this role belongs to.</summary>
    public required string PractitionerNativeId { get; init; }

    /// <summary>Identifier of the Location (INTRN with the publisher's system, or IDNST).</summary>
    public CanonicalIdentifier? LocationIdentifier { get; init; }

    public string? LocationName { get; init; }

    public CanonicalAddress? Address { get; init; }

    /// <summary>Where the place is: the publisher's <c>Location.position</c>, else its postal code's centroid; null if neither.</summary>
    public GeoPoint? Position { get; init; }

    /// <summary>Structure the practitioner works for, as a logical identifier (1+FINESS, 3+SIRET, 4+RPPS rang…).</summary>
    public CanonicalIdentifier? Organization { get; init; }

    public IReadOnlyList<CanonicalTelecom> Telecoms { get; init; } = [];

    public IReadOnlyList<CanonicalCode> Specialties { get; init; } = [];

    /// <summary>Durations the practitioner gives each consultation mode here (fr-core <c>service-type-duration</c>).</summary>
    public IReadOnlyList<DeclaredDuration> DeclaredDurations { get; init; } = [];

    /// <summary><c>PractitionerRole.active</c> as the publisher says it (absent: active); inactive, no slot of the place is served.</summary>
    public bool Active { get; init; } = true;

    /// <summary><c>PractitionerRole.notAvailable</c>: the periods no slot of the place is served in.</summary>
    public IReadOnlyList<CanonicalUnavailability> NotAvailable { get; init; } = [];

    /// <summary>
    /// Home-visit perimeter: how far from <see cref="Position"/> the practitioner travels for <c>HH</c> slots, in metres
    /// (hub extension on the PractitionerRole, see <see cref="HomeVisitReach"/>); null when not declared.
    /// </summary>
    public double? HomeVisitRadiusMeters { get; init; }

    /// <summary>
    /// Opening hours of the place (the contained <c>Location.hoursOfOperation</c>, else the role's
    /// <c>PractitionerRole.availableTime</c>), as for SOS places; empty when the publisher gave none.
    /// </summary>
    public IReadOnlyList<CanonicalOpeningHours> Hours { get; init; } = [];
}
