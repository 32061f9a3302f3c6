using Sas.Interop.Core.Geography;

namespace Sas.Interop.Core.Canonical;

/// <summary>An SOS Médecins fixed consultation place (PFG/LFC), managed by an association.</summary>
public sealed record CanonicalLocation : SourceRecord
{
    /// <summary>The association (Organization) managing the place.</summary>
    public required string OrganizationNativeId { get; init; }

    public CanonicalIdentifier? Identifier { get; init; }

    public string? Name { get; init; }

    public CanonicalAddress? Address { get; init; }

    public IReadOnlyList<CanonicalTelecom> Telecoms { get; init; } = [];

    public IReadOnlyList<CanonicalOpeningHours> Hours { get; init; } = [];

    /// <summary>Where the place is, for hub-near: the publisher's <c>Location.position</c>, else its postal code's centroid; null if neither.</summary>
    public GeoPoint? Position { get; init; }
}
