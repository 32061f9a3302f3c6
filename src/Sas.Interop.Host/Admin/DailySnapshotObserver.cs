using Sas.Interop.Core.Statistics;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Host.Admin;

/// <summary>Refreshes today's free-slot snapshot after every sync, so today's trend point is as fresh as the data.</summary>
internal sealed class DailySnapshotObserver(IStatisticsStore store, TimeProvider timeProvider) : ISyncRunObserver
{
    public Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return store.WriteDailySnapshotAsync(StatisticsCalendar.DayOf(now), now, cancellationToken);
    }
}
