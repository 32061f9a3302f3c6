using Sas.Interop.Core.Statistics;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// SAS searches served, counted in memory on the hot path and flushed to the store periodically
/// (<see cref="SasSearchCountFlusher"/>): a search never waits for a counter write.
/// </summary>
internal sealed class SasSearchCounter(IStatisticsStore store)
{
    private readonly Lock _gate = new();
    private Dictionary<DateOnly, long> _pending = [];

    public void Increment(DateOnly day)
    {
        lock (_gate)
        {
            _pending[day] = _pending.GetValueOrDefault(day) + 1;
        }
    }

    /// <summary>Counts not yet flushed, so the KPIs are exact between flushes.</summary>
    public IReadOnlyDictionary<DateOnly, long> Pending()
    {
        lock (_gate)
        {
            return new Dictionary<DateOnly, long>(_pending);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<DateOnly, long> taken;
        lock (_gate)
        {
            taken = _pending;
            _pending = [];
        }

        var written = new List<DateOnly>();
        try
        {
            foreach (var (day, count) in taken)
            {
                await store.AddSasSearchesAsync(day, count, cancellationToken);
                written.Add(day);
            }
        }
        finally
        {
            // Whatever was not written goes back, to be retried at the next flush.
            lock (_gate)
            {
                foreach (var (day, count) in taken.Where(kv => !written.Contains(kv.Key)))
                {
                    _pending[day] = _pending.GetValueOrDefault(day) + count;
                }
            }
        }
    }
}
