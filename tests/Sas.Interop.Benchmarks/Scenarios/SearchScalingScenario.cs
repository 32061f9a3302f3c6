using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Benchmarks.Data;
using Sas.Interop.Benchmarks.Measurement;
using Sas.Interop.Store;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// Does the search stay flat as the store grows? The same load (the <c>search</c> scenario's: 16 clients, the IG
/// PS-individuel request, warm-up then a measured phase) against a small store and a large one, one after the other in
/// the same run (each hub disposed before the next is loaded), so the ratio of their p99s is measured at one machine
/// load. Each is warmed up with every distinct request once, so both are measured warm. Judged by <c>p99_ratio</c> = p99 large ÷ p99 small (issue #20: at most 1.2 from 10k to 1M).
/// </summary>
internal static class SearchScalingScenario
{
    private const double P99RatioTarget = 1.2;

    public static async Task RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        // The small store is always the reference size; --size sets the large one.
        var small = (settings with { SizeGiven = false }).WithDefaultSize(settings.Quick ? "2k" : "10k");
        var large = settings.WithDefaultSize(settings.Quick ? "20k" : "1m");
        var smallRun = await MeasureAsync(small, cancellationToken);
        var largeRun = await MeasureAsync(large, cancellationToken);

        Report.Result("search-scaling", large)
            .Add("small_size", small.SizeLabel)
            .Add("small_slots", smallRun.Slots)
            .Add("large_slots", largeRun.Slots)
            .Add("clients", settings.Clients)
            .Add("small_requests", smallRun.Load.Requests)
            .Add("large_requests", largeRun.Load.Requests)
            .Add("errors", smallRun.Load.Errors + largeRun.Load.Errors)
            .Add("small_rps", smallRun.Load.RequestsPerSecond, "F0")
            .Add("large_rps", largeRun.Load.RequestsPerSecond, "F0")
            .Latency("small_", smallRun.Load.Latency)
            .Latency("large_", largeRun.Load.Latency)
            .Add("small_cache_hit", smallRun.CacheHit, "F3")
            .Add("large_cache_hit", largeRun.CacheHit, "F3")
            .Add("rps_ratio", largeRun.Load.RequestsPerSecond / smallRun.Load.RequestsPerSecond, "F2")
            .Judged("p99_ratio", largeRun.Load.Latency.P99 / smallRun.Load.Latency.P99, P99RatioTarget, higherIsBetter: false)
            .Print();
    }

    private static async Task<(int Slots, LoadResult Load, double CacheHit)> MeasureAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        await using var hub = await BenchmarkHub.StartAsync(settings.HubSettings, cancellationToken);
        var generator = new AgendaGenerator(SearchScenario.SourceInstance, settings.StoreSlots, FrenchClock.Now());
        var (slots, loadTime) = await StoreLoader.LoadAsync(hub.Services, generator, cancellationToken);
        Report.Progress($"{settings.SizeLabel} store ({BenchmarkHub.ProviderName}): {slots:N0} slots loaded in {loadTime.TotalSeconds:F1} s");

        var paths = SasSearchRequests.Build([.. generator.NationalIds], settings.Quick ? 256 : 1024, DateTimeOffset.UtcNow, seed: 11);
        using var client = BenchmarkHub.NewClient(hub.BaseAddress, settings.Clients, TimeSpan.FromSeconds(30));
        var driver = new HttpLoadDriver(client, paths);

        // Warm-up: every distinct request once (bounded), so both stores are measured in the same state, warm.
        await driver.RunAsync(settings.Clients, paths.Count, TimeSpan.FromMinutes(1), cancellationToken);

        var cache = hub.Services.GetRequiredService<ServedAgendaCache>();
        var lookupsBefore = CacheLookups.Read(cache);
        var result = await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.LoadDuration, cancellationToken);
        var lookups = CacheLookups.Read(cache).Minus(lookupsBefore);
        if (result.FirstError is not null)
        {
            Report.Progress("first error: " + result.FirstError);
        }

        Report.Progress(FormattableString.Invariant($"{settings.SizeLabel}: {result.RequestsPerSecond:F0} req/s, p50 {result.Latency.P50:F2} / p99 {result.Latency.P99:F2} ms"));
        return (slots, result, lookups.HitRatio);
    }
}
