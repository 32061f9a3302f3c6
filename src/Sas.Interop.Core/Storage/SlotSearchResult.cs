using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>Matching slots (ordered by start) and the schedules, places and practitioners they point to.</summary>
public sealed record SlotSearchResult(
    int Total,
    IReadOnlyList<CanonicalSlot> Slots,
    IReadOnlyList<CanonicalSchedule> Schedules,
    IReadOnlyList<CanonicalPlace> Places,
    IReadOnlyList<CanonicalPractitioner> Practitioners)
{
    public static SlotSearchResult Empty { get; } = new(0, [], [], [], []);
}
