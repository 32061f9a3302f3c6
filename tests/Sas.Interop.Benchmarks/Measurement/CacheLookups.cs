using Sas.Interop.Store;

namespace Sas.Interop.Benchmarks.Measurement;

/// <summary>
/// The served-agenda cache's practitioner lookups: <see cref="Hits"/> answered as held, <see cref="Refreshes"/> answered
/// from the held renderings after re-reading fetch times only (an unchanged re-sync), <see cref="Misses"/> read from the
/// database. A "hit" in RESULT lines is answered from memory: hits and refreshes.
/// </summary>
internal readonly record struct CacheLookups(long Hits, long Refreshes, long Misses)
{
    public long Total => Hits + Refreshes + Misses;

    /// <summary>Share of lookups answered from the cache's renderings (as held or refreshed).</summary>
    public double HitRatio => Total == 0 ? double.NaN : (Hits + Refreshes) / (double)Total;

    /// <summary>Share of lookups that re-read fetch times only.</summary>
    public double RefreshRatio => Total == 0 ? double.NaN : Refreshes / (double)Total;

    public static CacheLookups Read(ServedAgendaCache cache) => new(cache.Hits, cache.Refreshes, cache.Misses);

    public CacheLookups Minus(CacheLookups earlier) => new(Hits - earlier.Hits, Refreshes - earlier.Refreshes, Misses - earlier.Misses);
}
