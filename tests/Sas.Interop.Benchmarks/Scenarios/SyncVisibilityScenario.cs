using System.Diagnostics;
using Sas.Interop.Benchmarks.Data;
using Sas.Interop.Benchmarks.Measurement;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// Freshness: the time from a <c>ReplaceScopeAsync</c> commit to the new slot showing in a /fhir/Slot search,
/// polled as fast as the hub answers. Push freshness over HTTP is <see cref="PushVisibilityScenario"/>.
/// </summary>
internal static class SyncVisibilityScenario
{
    private static readonly TimeSpan PollBudget = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        await using var hub = await BenchmarkHub.StartAsync(null, cancellationToken);
        var generator = new AgendaGenerator(SearchScenario.SourceInstance, settings.StoreSlots, FrenchClock.Now());
        var (slots, _) = await StoreLoader.LoadAsync(hub.Services, generator, cancellationToken);
        using var client = BenchmarkHub.NewClient(hub.BaseAddress, 4, TimeSpan.FromSeconds(30));

        var rounds = settings.Quick ? 10 : 100;
        var random = new Random(3);
        var visibility = new List<double>(rounds);
        var commits = new List<double>(rounds);
        var polls = 0;
        var missed = 0;
        var memory = MemorySampler.Start();
        for (var round = 0; round < rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            var group = random.Next(generator.GroupCount);
            var now = DateTimeOffset.UtcNow;
            var nativeId = $"visible-{round}";
            var marker = generator.MarkerSlot(group, nativeId, FrenchClock.Now().AddHours(1 + random.Next(48)));
            var batch = generator.Batch(group, variant: round + 1, extraSlot: marker);
            var path = "fhir/Slot?" + SasSearchRequests.Query([marker.PractitionerNationalId!], now, now + SasSearchRequests.Window);
            var fhirId = AgendaGenerator.SlotFhirId(generator.SourceInstance, nativeId);

            var writeStarted = Stopwatch.GetTimestamp();
            await hub.Store.ReplaceScopeAsync(generator.SourceInstance, generator.ScopeOf(group), batch, cancellationToken);
            var committed = Stopwatch.GetTimestamp();
            commits.Add(Stopwatch.GetElapsedTime(writeStarted, committed).TotalMilliseconds);

            var seen = false;
            while (!seen && Stopwatch.GetElapsedTime(committed) < PollBudget)
            {
                polls++;
                var body = await client.GetStringAsync(path, cancellationToken);
                seen = body.Contains(fhirId, StringComparison.Ordinal);
            }

            if (seen)
            {
                visibility.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
            }
            else
            {
                missed++;
            }
        }

        var figures = await memory.StopAsync();
        await memory.DisposeAsync();
        var stats = new LatencyStats(visibility);
        Report.Result("sync-visibility", settings)
            .Add("slots", slots)
            .Add("rounds", rounds)
            .Add("missed", missed)
            .Add("polls_per_round", polls / (double)Math.Max(rounds, 1), "F2")
            .Latency("visible_", stats)
            .Latency("commit_", new LatencyStats(commits))
            .Memory(figures)
            .Print();
    }
}
