using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Metrics;

/// <summary>A finished sync run changed the connector's state, failures and holdings: the gauges read them again.</summary>
internal sealed class SnapshotRefreshObserver(OperationalSnapshotRefresher refresher) : ISyncRunObserver
{
    public Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
    {
        refresher.RequestRefresh();
        return Task.CompletedTask;
    }
}
