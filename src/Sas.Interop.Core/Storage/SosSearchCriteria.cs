using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>The store-level form of the SAS SOS Médecins Schedule search.</summary>
/// <param name="OrganizationNationalIds">Prefixed SIRET of the associations (1 to 25).</param>
/// <param name="From">Inclusive lower bound on slot starts.</param>
/// <param name="To">Inclusive upper bound on slot starts.</param>
/// <param name="Status">Slot status asked for.</param>
/// <param name="MaxSlots">Cap on the number of slots returned with the schedules.</param>
public sealed record SosSearchCriteria(
    IReadOnlyList<string> OrganizationNationalIds,
    DateTimeOffset From,
    DateTimeOffset To,
    SlotStatus Status,
    int MaxSlots)
{
    /// <summary>Slots fetched before this instant are withheld (stale beyond <c>Sync:WithholdAfter</c>); null serves all.</summary>
    public DateTimeOffset? FetchedSince { get; init; }
}
