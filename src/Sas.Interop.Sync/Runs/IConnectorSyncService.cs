using Sas.Interop.Core.Sync;

namespace Sas.Interop.Sync.Runs;

/// <summary>Runs syncs of connector instances (from Quartz or from an admin request).</summary>
public interface IConnectorSyncService
{
    /// <summary>
    /// Fetches the instance's scope and stores every batch that succeeded; waits if a sync of the same instance is
    /// already running. Throws <see cref="KeyNotFoundException"/> for an unknown instance.
    /// </summary>
    Task<SyncRunSummary> SyncAsync(string instanceId, CancellationToken cancellationToken);
}
