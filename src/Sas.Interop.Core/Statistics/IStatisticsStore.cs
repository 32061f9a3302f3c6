namespace Sas.Interop.Core.Statistics;

/// <summary>Read models for the admin API: holdings, free-slot KPIs and their daily snapshots, SAS search counts, export.</summary>
public interface IStatisticsStore
{
    /// <summary>
    /// Slots and practitioners held per source. The oldest fetch time is taken over the slots that have not started
    /// at <paramref name="now"/>: a slot already under way stays held until it ends but is no longer re-fetched, so it
    /// would make fresh data look old.
    /// </summary>
    Task<IReadOnlyList<SourceHoldings>> GetHoldingsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the free slots starting on <paramref name="day"/> and stores them as that day's snapshot, replacing
    /// any earlier snapshot of the same day (idempotent: the last write of the day wins).
    /// </summary>
    Task WriteDailySnapshotAsync(DateOnly day, DateTimeOffset takenAt, CancellationToken cancellationToken);

    /// <summary>
    /// Free slots per day and commune over [<paramref name="from"/>, <paramref name="to"/>]: from the snapshot
    /// where a day has one, otherwise counted from the slots held now.
    /// </summary>
    Task<IReadOnlyList<FreeSlotCounts>> GetFreeSlotCountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    Task AddSasSearchesAsync(DateOnly day, long count, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<DateOnly, long>> GetSasSearchesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Prefixed national ids that have at least one free slot starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>).</summary>
    Task<IReadOnlySet<string>> GetPractitionersWithFreeSlotsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>Slots in start order, read as they are enumerated (nothing is materialised).</summary>
    IAsyncEnumerable<SlotExportRow> ExportSlotsAsync(SlotExportFilter filter, CancellationToken cancellationToken);
}
