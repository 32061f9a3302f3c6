using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;

namespace Sas.Interop.Core.Storage;

/// <summary>The store-level form of the SAS PS-individuel slot search.</summary>
/// <param name="PractitionerNationalIds">Prefixed national ids (1 to 25; may be empty with <see cref="Near"/>: every practitioner around).</param>
/// <param name="From">Inclusive lower bound on the slot start.</param>
/// <param name="To">Inclusive upper bound on the slot start.</param>
/// <param name="Status">Slot status asked for.</param>
/// <param name="MaxSlots">Cap on the number of slots returned; <see cref="SlotSearchResult.Total"/> still counts all matches.</param>
/// <param name="Flow">PS individuel (slots visible to a CPTS only are left out) or CPTS (all, with their CPTS).</param>
public sealed record SlotSearchCriteria(
    IReadOnlyList<string> PractitionerNationalIds,
    DateTimeOffset From,
    DateTimeOffset To,
    SlotStatus Status,
    int MaxSlots,
    SlotSearchFlow Flow = SlotSearchFlow.PsIndividual)
{
    /// <summary>Slots fetched before this instant are withheld (stale beyond <c>Sync:WithholdAfter</c>); null serves all.</summary>
    public DateTimeOffset? FetchedSince { get; init; }

    /// <summary>Hub extension <c>service-type</c>: a slot must offer one of the modes of each entry (entries are ANDed).</summary>
    public IReadOnlyList<ConsultationModes> ModeFilters { get; init; } = [];

    /// <summary>Hub extension <c>_security</c>: a slot must carry one of the types of each entry (entries are ANDed).</summary>
    public IReadOnlyList<SlotTypes> TypeFilters { get; init; } = [];

    /// <summary>
    /// <c>specialty</c>: a slot must have one of the codes of each entry (entries are ANDed), in its own
    /// Slot.specialty or in its PractitionerRole's (the practitioner's role at the slot's place).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<SpecialtyToken>> SpecialtyFilters { get; init; } = [];

    /// <summary>Hub extension <c>hub-near</c>: only slots whose place lies in the circle, nearest first, then earliest.</summary>
    public GeoCircle? Near { get; init; }

    /// <summary>Hub extension <c>hub-overbooked</c>: only slots whose <c>Slot.overbooked</c> is this value; null serves both.</summary>
    public bool? Overbooked { get; init; }

    /// <summary>
    /// <c>_sort=hub-open-now</c>: slots whose place is open at this instant (its opening hours, Paris time) come first,
    /// then the others, each group in the order it would have without it; null keeps the order.
    /// </summary>
    public DateTimeOffset? OpenFirstAt { get; init; }

    /// <summary>
    /// <c>schedule.actor:Practitioner.communication</c>: the slot's practitioner (as its source describes it) must speak
    /// one of the BCP-47 tags of each entry (entries are ANDed); <c>en</c> also matches <c>en-GB</c> (RFC 4647).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> LanguageFilters { get; init; } = [];
}
