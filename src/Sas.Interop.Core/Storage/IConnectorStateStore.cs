using Sas.Interop.Core.Sync;

namespace Sas.Interop.Core.Storage;

/// <summary>Persists per-instance sync outcomes (the admin view and health checks read it).</summary>
public interface IConnectorStateStore
{
    Task RecordRunAsync(SyncRunSummary run, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConnectorState>> GetAllAsync(CancellationToken cancellationToken);
}
