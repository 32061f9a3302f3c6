using Microsoft.Extensions.Logging;
using Quartz;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Sync.Jobs;

/// <summary>Quartz job: one sync of one instance. Never two at once for the same instance.</summary>
[DisallowConcurrentExecution]
internal sealed class ConnectorSyncJob(
    IConnectorSyncService syncService,
    IEnumerable<IConnectorPauseStore> pauseStores,
    ILogger<ConnectorSyncJob> logger) : IJob
{
    public const string InstanceKey = "instance";
    public const string Group = "connector-sync";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var instanceId = context.MergedJobDataMap.GetString(InstanceKey);
        if (string.IsNullOrEmpty(instanceId))
        {
            logger.LogError("Job {Job} has no instance id", context.JobDetail.Key);
            return;
        }

        if (context.Recovering)
        {
            // Clustered store: the node that was running this sync stopped checking in; this node re-runs it.
            logger.LogWarning("Sync {Instance} recovered: the node that was running it stopped; running it again here", instanceId);
        }

        try
        {
            // An operator pause is persisted, so it holds across restarts; the trigger keeps firing and each run skips.
            foreach (var pauseStore in pauseStores)
            {
                if ((await pauseStore.GetPausedAsync(cancellationToken)).ContainsKey(instanceId))
                {
                    logger.LogInformation("Sync {Instance} skipped: the instance is paused", instanceId);
                    return;
                }
            }

            await syncService.SyncAsync(instanceId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Sync {Instance} cancelled by shutdown", instanceId);
        }
        catch (Exception ex)
        {
            // Never let an exception reach Quartz: it would log and move on anyway, but this keeps the instance in the message.
            logger.LogError(ex, "Sync {Instance} failed unexpectedly", instanceId);
        }
    }
}
