using System.Collections.Concurrent;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Sync.Health;

/// <summary>
/// Fed by the sync service (each run) and by the resilience pipeline's circuit-breaker callbacks; read by the admin
/// listing. In memory: the persisted history is the connector state store's.
/// </summary>
internal sealed class ConnectorHealthRegistry(TimeProvider timeProvider) : IConnectorHealth
{
    private readonly ConcurrentDictionary<string, ConnectorHealthSnapshot> _health = new(StringComparer.Ordinal);

    public ConnectorHealthSnapshot Get(string instanceId) =>
        _health.TryGetValue(instanceId, out var snapshot) ? snapshot : new ConnectorHealthSnapshot { InstanceId = instanceId };

    public void RecordRun(SyncRunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _health.AddOrUpdate(
            run.InstanceId,
            id => Apply(new ConnectorHealthSnapshot { InstanceId = id }, run),
            (_, current) => Apply(current, run));
    }

    public void SetCircuit(string instanceId, string state)
    {
        var now = timeProvider.GetUtcNow();
        _health.AddOrUpdate(
            instanceId,
            id => new ConnectorHealthSnapshot { InstanceId = id, Circuit = state, CircuitChangedAt = now },
            (_, current) => current with { Circuit = state, CircuitChangedAt = now });
    }

    private static ConnectorHealthSnapshot Apply(ConnectorHealthSnapshot current, SyncRunSummary run)
    {
        var succeeded = run.Status != SyncRunStatus.Failed;
        return current with
        {
            LastAttemptAt = run.StartedAt,
            LastSuccessAt = succeeded ? run.FinishedAt : current.LastSuccessAt,
            ConsecutiveFailures = succeeded ? 0 : current.ConsecutiveFailures + 1,
            FailureKinds = run.FailureKinds,
            SlotsOutOfOrder = run.SlotsOutOfOrder,
        };
    }
}
