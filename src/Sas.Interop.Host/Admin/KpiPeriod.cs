namespace Sas.Interop.Host.Admin;

/// <summary>
/// One period of <c>GET /admin/kpis</c>, labelled <c>2026-11-24</c>, <c>2026-W48</c> or <c>2026-11</c>. A slot counts
/// once, on its start day; modes and types overlap. <c>AppointmentsReceived</c>: appointments publishers created
/// (INT_R03), by day of receipt, whatever the commune filter. <c>SnapshotDays</c> were read from daily snapshots, <c>LiveDays</c> counted from the slots held now.
/// </summary>
internal sealed record KpiPeriod(
    string Period,
    DateOnly Start,
    DateOnly End,
    int FreeSlots,
    IReadOnlyDictionary<string, int> ByMode,
    IReadOnlyDictionary<string, int> ByType,
    long SasSearches,
    int AppointmentsReceived,
    int SnapshotDays,
    int LiveDays)
{
    /// <summary>Free slots the publishers mark <c>Slot.overbooked</c> (surbooking), among <see cref="FreeSlots"/>.</summary>
    public int OverbookedFreeSlots { get; init; }
    /// <summary>Free slots of structure agendas (no practitioner) by structure type: <c>SOS</c>, <c>CDS</c>, <c>MSP</c>, <c>OTHER</c>.</summary>
    public IReadOnlyDictionary<string, int> ByStructure { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
