namespace Sas.Interop.Sync.Runs;

/// <summary>
/// Told about every finished sync (metrics, feed-quality reports, KPI snapshots). Called after the run is recorded;
/// an observer that throws is logged and never changes the sync's outcome.
/// </summary>
public interface ISyncRunObserver
{
    Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken);
}
