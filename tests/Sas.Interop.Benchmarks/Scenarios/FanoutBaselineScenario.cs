using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Benchmarks.Data;
using Sas.Interop.Benchmarks.Measurement;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// What the SAS does today, against what the hub offers: the same request answered (a) by calling 20 simulated
/// publishers live, each 50–800 ms with 5 % timeouts, and waiting for all of them or the client timeout, and
/// (b) by the hub from its store, after syncing the same 20 publishers.
/// </summary>
internal static class FanoutBaselineScenario
{
    private const int Publishers = 20;
    private const double TimeoutFraction = 0.05;

    /// <summary>Issue #20: the hub's p99 at least 50 times better than the live fan-out's.</summary>
    private const double RatioP99Target = 50;
    private static readonly TimeSpan MinLatency = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxLatency = TimeSpan.FromMilliseconds(800);

    public static async Task RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        // The SAS's own budget is 7 s; the quick run uses 2 s so it stays short (the ratio then flatters the fan-out).
        var clientTimeout = settings.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(7);
        var requests = settings.Quick ? 20 : 100;
        var concurrency = settings.Quick ? 10 : 25;

        var simulators = new List<PublisherSimulator>();
        var profiles = new List<PublisherLatencyProfile>();
        try
        {
            for (var i = 0; i < Publishers; i++)
            {
                var profile = new PublisherLatencyProfile(1000 + i, MinLatency, MaxLatency, TimeoutFraction, clientTimeout + TimeSpan.FromSeconds(5));
                profiles.Add(profile);
                simulators.Add(await PublisherSimulator.StartAsync(
                    new PublisherSimulatorOptions { Name = $"editeur-{i:00}", PractitionerCount = 10, Seed = 500 + i, Days = 3, SearchDelay = profile.DelayOf },
                    cancellationToken));
            }

            var connectors = new Dictionary<string, string>();
            for (var i = 0; i < Publishers; i++)
            {
                foreach (var (key, value) in BenchmarkHub.Connector($"editeur-{i:00}", simulators[i].BaseUrl, simulators[i].PractitionerIds))
                {
                    connectors[key] = value;
                }
            }

            await using var hub = await BenchmarkHub.StartAsync(connectors, cancellationToken);
            var sync = hub.Services.GetRequiredService<IConnectorSyncService>();
            for (var i = 0; i < Publishers; i++)
            {
                await sync.SyncAsync($"editeur-{i:00}", cancellationToken);
            }

            var allIds = simulators.SelectMany(s => s.PractitionerIds).ToList();
            var paths = SasSearchRequests.Build(allIds, requests, DateTimeOffset.UtcNow, seed: 17, pathPrefix: "Slot");
            foreach (var profile in profiles)
            {
                profile.Enable();
            }

            var memory = MemorySampler.Start();
            var (fanout, anyTimeout) = await FanOutAsync(simulators, paths, concurrency, clientTimeout, cancellationToken);

            using var hubClient = BenchmarkHub.NewClient(hub.BaseAddress, concurrency, clientTimeout);
            var hubPaths = paths.Select(p => "fhir/" + p).ToList();
            var driver = new HttpLoadDriver(hubClient, hubPaths);
            // The hub as it runs for days: warmed up like every other scenario (JIT tiering, pools), then the same requests
            // at the same concurrency for a whole load phase, so its p99 is a percentile and not the slowest of 100.
            await driver.RunAsync(concurrency, settings.MaxRequests, settings.WarmUp, cancellationToken);
            var direct = await driver.RunAsync(concurrency, settings.MaxRequests, settings.LoadDuration, cancellationToken);
            var figures = await memory.StopAsync();
            await memory.DisposeAsync();

            Report.Result("fanout-baseline", settings)
                .Add("publishers", Publishers)
                .Add("requests", requests)
                .Add("hub_requests", direct.Requests)
                .Add("client_timeout_s", clientTimeout.TotalSeconds, "F0")
                .Add("requests_with_a_timeout_pct", 100.0 * anyTimeout / requests, "F0")
                .Latency("fanout_", fanout)
                .Latency("hub_", direct.Latency)
                .Add("ratio_p50", fanout.P50 / direct.Latency.P50, "F0")
                .Judged("ratio_p99", fanout.P99 / direct.Latency.P99, RatioP99Target, higherIsBetter: true, "F0")
                .Memory(figures)
                .Print();
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    /// <summary>Each request sent to every publisher at once; done when all answered or the timeout struck.</summary>
    private static async Task<(LatencyStats Latency, int RequestsWithATimeout)> FanOutAsync(
        IReadOnlyList<PublisherSimulator> simulators, IReadOnlyList<string> paths, int concurrency, TimeSpan clientTimeout, CancellationToken cancellationToken)
    {
        using var client = BenchmarkHub.NewClient(new Uri("http://127.0.0.1/"), 1000, Timeout.InfiniteTimeSpan);
        var latencies = new double[paths.Count];
        var next = -1;
        var withTimeout = 0;

        async Task WorkerAsync()
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) < paths.Count && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var answers = await Task.WhenAll(simulators.Select(s => AskAsync(client, new Uri(s.BaseUrl + "/" + paths[number]), clientTimeout, cancellationToken)));
                latencies[number] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (answers.Any(answered => !answered))
                {
                    Interlocked.Increment(ref withTimeout);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        return (new LatencyStats(latencies.Take(Math.Min(next, paths.Count))), withTimeout);
    }

    private static async Task<bool> AskAsync(HttpClient client, Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.GetAsync(url, deadline.Token);
            await response.Content.ReadAsByteArrayAsync(deadline.Token);
            return response.IsSuccessStatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
