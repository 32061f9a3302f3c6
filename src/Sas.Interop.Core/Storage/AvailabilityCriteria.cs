using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>Free slots of some practitioners starting in [<paramref name="From"/>, <paramref name="Until"/>), for the availability summary.</summary>
/// <param name="PractitionerNationalIds">Prefixed national ids (1 to 25).</param>
/// <param name="From">Inclusive lower bound on the slot start.</param>
/// <param name="Until">Exclusive upper bound on the slot start.</param>
public sealed record AvailabilityCriteria(IReadOnlyList<string> PractitionerNationalIds, DateTimeOffset From, DateTimeOffset Until)
{
    /// <summary>Slots fetched before this instant are withheld, as in the search; null serves all.</summary>
    public DateTimeOffset? FetchedSince { get; init; }

    /// <summary><c>service-type</c>, as in the search: a slot must offer one of the modes of each entry (entries are ANDed).</summary>
    public IReadOnlyList<ConsultationModes> ModeFilters { get; init; } = [];

    /// <summary><c>_security</c>, as in the search: a slot must carry one of the types of each entry (entries are ANDed).</summary>
    public IReadOnlyList<SlotTypes> TypeFilters { get; init; } = [];

    /// <summary><c>hub-overbooked</c>, as in the search: only slots whose <c>Slot.overbooked</c> is this value; null counts both.</summary>
    public bool? Overbooked { get; init; }
}
