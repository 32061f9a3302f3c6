using Sas.Interop.Core.Statistics;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>Keeps each instance's last feed-quality report. A run with no successful batch keeps the previous one: it saw no resources.</summary>
internal sealed class FeedQualityRecorder(IFeedQualityStore store) : ISyncRunObserver
{
    public async Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Summary.BatchesSucceeded == 0)
        {
            return;
        }

        await store.SaveAsync(FeedQualityReport.From(report.Summary.InstanceId, report.Summary.FinishedAt, report.Issues), cancellationToken);
    }
}
