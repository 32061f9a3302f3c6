namespace Sas.Interop.Core.Storage;

/// <summary>
/// A PS-individuel search answered from stored renderings: the matching slots (ordered by start, then source key)
/// and the schedules, practitioners and places (PractitionerRoles) they point to, each in source-key order.
/// </summary>
public sealed record ServedSlotSearchResult(
    int Total,
    IReadOnlyList<ServedSlot> Slots,
    IReadOnlyList<ServedSchedule> Schedules,
    IReadOnlyList<ServedRecord> Practitioners,
    IReadOnlyList<ServedRecord> Places)
{
    public static ServedSlotSearchResult Empty { get; } = new(0, [], [], [], []);
}
