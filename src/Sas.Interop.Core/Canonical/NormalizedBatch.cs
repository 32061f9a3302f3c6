namespace Sas.Interop.Core.Canonical;

/// <summary>The canonical form of one fetched batch, plus what was rejected on the way.</summary>
public sealed record NormalizedBatch
{
    public IReadOnlyList<CanonicalPractitioner> Practitioners { get; init; } = [];

    public IReadOnlyList<CanonicalPlace> Places { get; init; } = [];

    public IReadOnlyList<CanonicalSchedule> Schedules { get; init; } = [];

    public IReadOnlyList<CanonicalSlot> Slots { get; init; } = [];

    /// <summary>CPTS and SOS associations.</summary>
    public IReadOnlyList<CanonicalOrganization> Organizations { get; init; } = [];

    /// <summary>CPTS HealthcareServices.</summary>
    public IReadOnlyList<CanonicalHealthcareService> HealthcareServices { get; init; } = [];

    /// <summary>SOS fixed consultation places.</summary>
    public IReadOnlyList<CanonicalLocation> Locations { get; init; } = [];

    public IReadOnlyList<IngestionIssue> Issues { get; init; } = [];
}
