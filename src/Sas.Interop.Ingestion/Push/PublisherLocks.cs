using System.Collections.Concurrent;

namespace Sas.Interop.Ingestion.Push;

/// <summary>
/// One writer at a time per publisher, within this process: an optimisation (overlapping pushes of one publisher
/// queue instead of retrying), not what keeps the data right. Correctness holds across nodes without it: unique
/// (source, native id) indexes make a duplicate impossible, a replay compares content so it changes nothing, and every
/// UPDATE/DELETE carries the version it was based on (If-Match or the version read), so a concurrent writer on another
/// node makes it match no row: retried, or 412 when the client named a version (see EfPushStore).
/// </summary>
internal sealed class PublisherLocks : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string publisherId, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(publisherId, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    public void Dispose()
    {
        foreach (var semaphore in _locks.Values)
        {
            semaphore.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
