namespace Sas.Interop.Core.Sync;

/// <summary>
/// Holds one connector instance's sync exclusive across every node of the hub (several nodes on one database).
/// A single node needs none: its in-process gate suffices.
/// </summary>
public interface ISyncLock
{
    /// <summary>Waits until no other node syncs <paramref name="instanceId"/>; dispose the result to let them.</summary>
    Task<IAsyncDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken);
}
