using Sas.Interop.Host.Admin;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Metrics;

/// <summary>Feeds the sync counters, the fetch-latency histogram and the admin view's recent latencies.</summary>
internal sealed class SyncMetricsObserver(HubMetrics metrics, ConnectorLatencyTracker latencies) : ISyncRunObserver
{
    public Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var instance = report.Summary.InstanceId;
        metrics.SyncRun(instance, report.Summary.Status.ToString().ToLowerInvariant());
        foreach (var batch in report.Batches)
        {
            metrics.Fetch(instance, batch.FailureKind?.ToString().ToLowerInvariant() ?? "ok", batch.Duration);
        }

        latencies.Record(instance, report.Batches);
        return Task.CompletedTask;
    }
}
