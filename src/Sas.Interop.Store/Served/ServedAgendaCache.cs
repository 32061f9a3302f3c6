using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Sas.Interop.Store;

/// <summary>
/// The served agendas of recently asked practitioners, in memory, bounded in bytes (<see cref="StoreOptions.ServedCacheMegabytes"/>;
/// least recently used first out). An entry is only used while its stamps are the database's current ones, which
/// every search reads (one small indexed query): a write on any node, by any path, shows in the next answer.
/// </summary>
internal sealed class ServedAgendaCache : IDisposable
{
    private readonly MemoryCache? _cache;
    private long _hits;
    private long _misses;
    private long _refreshes;

    public ServedAgendaCache(IOptions<StoreOptions> options, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var megabytes = options.Value.ServedCacheMegabytes;
        if (megabytes > 0)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024L, TrackStatistics = true });
        }

        // Same meter as the host's instruments, so /metrics exports these too.
        var meter = meterFactory?.Create("Sas.Interop");
        meter?.CreateObservableCounter("sas_interop.store.served_cache.lookups", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref _hits), new KeyValuePair<string, object?>("result", "hit")),
            new Measurement<long>(Interlocked.Read(ref _misses), new KeyValuePair<string, object?>("result", "miss")),
            new Measurement<long>(Interlocked.Read(ref _refreshes), new KeyValuePair<string, object?>("result", "refresh")),
        }, "{practitioner}", "Practitioners of PS-individuel searches found current in the served-agenda cache (hit), found with only their fetch times to read again (refresh), or read from the database (miss).");
        meter?.CreateObservableGauge("sas_interop.store.served_cache.size", () => SizeBytes, "By", "Estimated bytes held by the served-agenda cache.");
    }

    /// <summary>False when <see cref="StoreOptions.ServedCacheMegabytes"/> is 0: every search reads the database.</summary>
    public bool Enabled => _cache is not null;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries whose content was current but whose fetch times were refreshed (an unchanged re-sync): read again, renderings kept.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>Estimated bytes held (the sizes entries were added with).</summary>
    public long SizeBytes => _cache?.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>
    /// The practitioner's entry, if there is one, <paramref name="current"/> are still its content stamps, and it holds
    /// the slots of this status and window. Counted as a hit when its fetch stamps are current too
    /// (<see cref="ServedAgenda.IsFresh"/>); otherwise the caller refreshes it and reports how that went
    /// (<see cref="AddRefreshed"/>, <see cref="RefreshFailed"/>).
    /// </summary>
    public ServedAgenda? Find(string nationalId, ReadOnlySpan<ServedStamp> current, int status, DateTime fromUtc, DateTime toUtc)
    {
        if (_cache?.Get(nationalId) is ServedAgenda agenda && agenda.IsCurrent(current) && agenda.Covers(status, fromUtc, toUtc))
        {
            if (agenda.IsFresh(current))
            {
                Interlocked.Increment(ref _hits);
            }

            return agenda;
        }

        Interlocked.Increment(ref _misses);
        return null;
    }

    public void Add(ServedAgenda agenda)
    {
        ArgumentNullException.ThrowIfNull(agenda);
        _cache?.Set(agenda.NationalId, agenda, new MemoryCacheEntryOptions { Size = agenda.SizeBytes });
    }

    /// <summary>An entry found with only its fetch times out of date, now read again: replaces it, counted as a refresh.</summary>
    public void AddRefreshed(ServedAgenda agenda)
    {
        Interlocked.Increment(ref _refreshes);
        Add(agenda);
    }

    /// <summary>An entry found with only its fetch times out of date could not be refreshed (content written meanwhile): read again, counted as a miss.</summary>
    public void RefreshFailed() => Interlocked.Increment(ref _misses);

    /// <summary>Empties the cache (tests; an operator never needs it: stale entries are never served).</summary>
    public void Clear() => _cache?.Clear();

    public void Dispose() => _cache?.Dispose();
}
