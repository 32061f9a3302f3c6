using Microsoft.Extensions.Configuration;
using Quartz;

namespace Sas.Interop.Sync.Hosting;

/// <summary>
/// Quartz's clustered ADO job store, in the hub's own PostgreSQL database, when <c>Store:Provider</c> is
/// <c>postgres</c>: every node shares the triggers, a fire is taken by exactly one node, a job marked
/// non-concurrent waits for the running one whichever node runs it, and a node that stops checking in has its
/// running jobs recovered by another. SQLite (one node) keeps the in-memory store.
/// </summary>
internal sealed class ClusteredJobStore
{
    private ClusteredJobStore(string connectionString, TimeSpan checkinInterval, string? nodeId)
    {
        ConnectionString = connectionString;
        CheckinInterval = checkinInterval;
        NodeId = nodeId;
    }

    public string ConnectionString { get; }

    public TimeSpan CheckinInterval { get; }

    /// <summary>This node's name in the cluster tables (unique per node); Quartz generates one when unset.</summary>
    public string? NodeId { get; }

    public static ClusteredJobStore? FromConfiguration(IConfiguration configuration)
    {
        var provider = configuration["Store:Provider"];
        if (!string.Equals(provider?.Trim(), "postgres", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // The store validates the connection string itself and says so at start-up; nothing to add here.
        var connectionString = configuration["Store:ConnectionString"] ?? string.Empty;

        // How soon a dead node is noticed: it has missed check-ins for this long (plus the same margin again).
        var checkin = configuration.GetValue("Sync:Cluster:CheckinInterval", TimeSpan.FromSeconds(7.5));
        var nodeId = configuration["Sync:Cluster:NodeId"];
        return new ClusteredJobStore(connectionString, checkin, string.IsNullOrWhiteSpace(nodeId) ? null : nodeId.Trim());
    }

    public void Apply(IQuartzBuilder quartz)
    {
        if (NodeId is { } nodeId)
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceId = nodeId);
        }

        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(ConnectionString);
            store.UseSystemTextJsonSerializer(_ => { });
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = CheckinInterval;
                cluster.CheckinMisfireThreshold = CheckinInterval;
            });

            // Quartz creates its qrtz_* tables in the hub's database at scheduler start when missing (several nodes
            // may race: the loser finds the winner's tables); they are Quartz's, not in the EF model or migrations.
            store.ProvisionSchema();
        });
    }
}
