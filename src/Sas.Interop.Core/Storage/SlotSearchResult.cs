using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>Matching slots (ordered by start, or by distance then start with hub-near) and the schedules, places and practitioners they point to.</summary>
public sealed record SlotSearchResult(
    int Total,
    IReadOnlyList<CanonicalSlot> Slots,
    IReadOnlyList<CanonicalSchedule> Schedules,
    IReadOnlyList<CanonicalPlace> Places,
    IReadOnlyList<CanonicalPractitioner> Practitioners)
{
    /// <summary>CPTS services the slots are visible to (CPTS flow only).</summary>
    public IReadOnlyList<CanonicalHealthcareService> HealthcareServices { get; init; } = [];

    /// <summary>CPTS organisations providing those services (CPTS flow only).</summary>
    public IReadOnlyList<CanonicalOrganization> Organizations { get; init; } = [];

    /// <summary>With <see cref="SlotSearchCriteria.Near"/>: each slot's place distance from the centre in metres, in <see cref="Slots"/> order.</summary>
    public IReadOnlyList<double>? DistancesMeters { get; init; }

    /// <summary>With <see cref="SlotSearchCriteria.Near"/>: the Locations of the structure agendas among <see cref="Slots"/>.</summary>
    public IReadOnlyList<CanonicalLocation> Locations { get; init; } = [];

    /// <summary>With <see cref="SlotSearchCriteria.Near"/>: the structures (Organizations) managing those Locations.</summary>
    public IReadOnlyList<CanonicalOrganization> StructureOrganizations { get; init; } = [];

    public static SlotSearchResult Empty { get; } = new(0, [], [], [], []);
}
