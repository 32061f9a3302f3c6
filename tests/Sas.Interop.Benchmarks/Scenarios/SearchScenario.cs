using System.Diagnostics;
using Sas.Interop.Benchmarks.Data;
using Sas.Interop.Benchmarks.Measurement;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// The SAS search over real HTTP against the real hub holding <see cref="BenchmarkSettings.StoreSlots"/> slots;
/// optionally while a loop of <see cref="ISlotStore.ReplaceScopeAsync"/> batches rewrites agendas flat out.
/// </summary>
internal static class SearchScenario
{
    public const string SourceInstance = "bench-store";
    private const int DistinctRequests = 1024;
    private const int MaxIngestBatches = 1_000_000;

    /// <summary>Issue #20: the hub's req/s at least half the transport ceiling's, measured in the same run.</summary>
    public const double CeilingRatioTarget = 0.5;

    public static async Task RunAsync(BenchmarkSettings settings, bool whileIngesting, CancellationToken cancellationToken)
    {
        await using var hub = await BenchmarkHub.StartAsync(settings.HubSettings, cancellationToken);
        var generator = new AgendaGenerator(SourceInstance, settings.StoreSlots, FrenchClock.Now());
        var (slots, loadTime) = await StoreLoader.LoadAsync(hub.Services, generator, cancellationToken);
        Report.Progress($"store ({BenchmarkHub.ProviderName}): {slots:N0} slots, {generator.PractitionerCount:N0} practitioners, loaded in {loadTime.TotalSeconds:F1} s ({slots / loadTime.TotalSeconds:N0} slots/s), database {hub.DatabaseBytes() / 1048576.0:F0} MiB");

        var ids = Enumerable.Range(0, generator.PractitionerCount).Select(AgendaGenerator.NationalId).ToList();
        var paths = SasSearchRequests.Build(ids, DistinctRequests, DateTimeOffset.UtcNow, seed: 11);
        using var client = BenchmarkHub.NewClient(hub.BaseAddress, settings.Clients, TimeSpan.FromSeconds(30));
        var driver = new HttpLoadDriver(client, paths);

        // Warm-up: JIT, connection pool, SQLite page cache.
        await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.WarmUp, cancellationToken);
        if (!whileIngesting)
        {
            Report.Progress(await SearchBreakdown.MeasureAsync(hub.Services, paths, settings.Quick ? 50 : 300, cancellationToken));
        }

        var cache = hub.Services.GetRequiredService<ServedAgendaCache>();
        var lookupsBefore = CacheLookups.Read(cache);
        var memory = MemorySampler.Start();
        using var stopIngesting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ingestion = whileIngesting ? IngestLoopAsync(hub.Store, generator, stopIngesting.Token) : Task.FromResult(new IngestLoopFigures(0, 0, TimeSpan.Zero, new LatencyStats([])));
        var result = await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.LoadDuration, cancellationToken);
        await stopIngesting.CancelAsync();
        var ingested = await ingestion;
        var lookups = CacheLookups.Read(cache).Minus(lookupsBefore);
        var figures = await memory.StopAsync();
        await memory.DisposeAsync();

        if (result.FirstError is not null)
        {
            Report.Progress("first error: " + result.FirstError);
        }

        // The same load against a bare server replaying one real answer: the ceiling of transport and driver.
        LoadResult? ceiling = null;
        if (!whileIngesting)
        {
            var answer = await client.GetByteArrayAsync(paths[0], cancellationToken);
            ceiling = await TransportCeiling.MeasureAsync(answer, paths, settings, cancellationToken);
            Report.Progress(FormattableString.Invariant($"transport ceiling (a bare Kestrel replaying one {answer.Length:N0}-byte answer, same driver): {ceiling.RequestsPerSecond:F0} req/s, p50 {ceiling.Latency.P50:F2} ms, p99 {ceiling.Latency.P99:F2} ms"));
        }

        var line = Report.Result(whileIngesting ? "search-ingesting" : "search", settings)
            .Add("slots", slots)
            .Add("clients", settings.Clients)
            .Add("requests", result.Requests)
            .Add("errors", result.Errors)
            .Add("rps", result.RequestsPerSecond, "F0")
            .Latency(string.Empty, result.Latency)
            .Add("bytes", result.BytesPerResponse, "F0")
            .Add("cache_mb", settings.ServedCacheMegabytes ?? new StoreOptions().ServedCacheMegabytes)
            .Add("cache_hit", lookups.HitRatio, "F3")
            .Add("cache_refresh", lookups.RefreshRatio, "F3")
            .Add("cache_held_mb", cache.SizeBytes / 1048576.0, "F0");
        if (ceiling is not null)
        {
            line.Add("ceiling_rps", ceiling.RequestsPerSecond, "F0").Add("ceiling_p99_ms", ceiling.Latency.P99, "F2")
                .Judged("ceiling_ratio", result.RequestsPerSecond / ceiling.RequestsPerSecond, CeilingRatioTarget, higherIsBetter: true);
        }

        if (whileIngesting)
        {
            line.Add("ingest_batches", ingested.Batches)
                .Add("ingest_slots_per_s", ingested.Slots / Math.Max(ingested.Elapsed.TotalSeconds, 0.001), "F0")
                .Add("ingest_batch_p99_ms", ingested.BatchLatency.P99, "F1");
        }

        line.Memory(figures).Print();
    }

    /// <summary>Rewrites random 25-practitioner groups (slots moved, as a publisher update would) until stopped.</summary>
    private static async Task<IngestLoopFigures> IngestLoopAsync(ISlotStore store, AgendaGenerator generator, CancellationToken stop)
    {
        await Task.Yield();
        var random = new Random(5);
        var watch = Stopwatch.StartNew();
        var batchTimes = new List<double>();
        var slots = 0;
        while (!stop.IsCancellationRequested && batchTimes.Count < MaxIngestBatches)
        {
            var group = random.Next(generator.GroupCount);
            var batch = generator.Batch(group, variant: batchTimes.Count + 1);
            var started = Stopwatch.GetTimestamp();

            // Never cancelled mid-transaction: the loop stops between batches.
            var stored = await store.ReplaceScopeAsync(generator.SourceInstance, generator.ScopeOf(group), batch, CancellationToken.None);
            batchTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            slots += stored.SlotsStored;
        }

        return new IngestLoopFigures(batchTimes.Count, slots, watch.Elapsed, new LatencyStats(batchTimes));
    }
}
