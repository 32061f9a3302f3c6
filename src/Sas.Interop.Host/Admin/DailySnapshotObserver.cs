using Sas.Interop.Core.Statistics;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Refreshes today's free-slot snapshot after syncs, at most once per <c>Admin:SnapshotEvery</c> (default 5 min):
/// the snapshot counts every slot of the day, so with many instances syncing every few minutes it was recomputed
/// far more often than a daily trend point needs. The first sync after a quiet period writes at once; later ones
/// within the interval are coalesced into one write at its end, so the last sync is always reflected. A write due
/// on a day that has ended is dropped: that day keeps its last snapshot (and the 23:55 job's).
/// <c>00:00:00</c> writes after every sync.
/// </summary>
internal sealed class DailySnapshotObserver(IStatisticsStore store, TimeProvider timeProvider, DailySnapshotOptions options, ILogger<DailySnapshotObserver> logger)
    : ISyncRunObserver, IDisposable
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastWrite;
    private ITimer? _pending;
    private bool _disposed;

    public Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            if (_lastWrite is { } last && now - last < options.Every && StatisticsCalendar.DayOf(last) == StatisticsCalendar.DayOf(now))
            {
                _pending ??= timeProvider.CreateTimer(_ => _ = WriteDeferredAsync(StatisticsCalendar.DayOf(now)), null, last + options.Every - now, Timeout.InfiniteTimeSpan);
                return Task.CompletedTask;
            }

            _lastWrite = now;
        }

        return store.WriteDailySnapshotAsync(StatisticsCalendar.DayOf(now), now, cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _pending?.Dispose();
            _pending = null;
        }
    }

    private async Task WriteDeferredAsync(DateOnly day)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
            if (_disposed || StatisticsCalendar.DayOf(now) != day)
            {
                return;
            }

            _lastWrite = now;
        }

        try
        {
            await store.WriteDailySnapshotAsync(day, now, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // A timer callback has no caller to tell: log, as the sync service does for an observer that throws.
            logger.LogError(ex, "Could not write the coalesced daily slot snapshot");
        }
    }
}
