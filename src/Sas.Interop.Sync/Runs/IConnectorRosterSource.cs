namespace Sas.Interop.Sync.Runs;

/// <summary>
/// Where a sync reads the keys its instance fetches, at each run: the host's is the database's roster, so every node
/// fetches the same keys and an upload needs no restart. Without one, each connector fetches its configured keys.
/// </summary>
public interface IConnectorRosterSource
{
    /// <summary>The keys to fetch on this run; null when the instance keeps no roster (its type declares none).</summary>
    Task<IReadOnlyList<string>?> KeysAsync(string instanceId, CancellationToken cancellationToken);
}
