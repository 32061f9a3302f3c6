using System.Collections.Concurrent;

namespace Sas.Interop.Host.Push;

/// <summary>
/// One writer at a time per publisher. Publishers write disjoint sources, so they never race on a unique key;
/// within a publisher, serialising makes the existence check (201 vs 200) and the upsert one step, and two
/// overlapping pushes can never both insert the same (source, native id). SQLite serialises writers anyway.
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
