namespace Sas.Interop.Core.Statistics;

/// <summary>Operator pauses of connector instances, kept across restarts.</summary>
public interface IConnectorPauseStore
{
    Task SetPausedAsync(string instanceId, bool paused, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Paused instances and since when.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> GetPausedAsync(CancellationToken cancellationToken);
}
