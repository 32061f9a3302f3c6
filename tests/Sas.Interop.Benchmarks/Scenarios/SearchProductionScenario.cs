using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Benchmarks.Data;
using Sas.Interop.Benchmarks.Measurement;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// The SAS search under production conditions (issue #20): a store of many pull sources (<see cref="SourceFleet"/>,
/// 1M slots by default), every source re-synced on its cadence, time compressed (a 5-minute cadence played in
/// <see cref="BenchmarkSettings.ResyncCycle"/>), while 16 clients run the <c>search</c> scenario's load. A re-sync writes
/// what a pull sync writes after normalisation, through <see cref="ISlotStore.ReplaceScopeAsync"/>, one batch per 25
/// practitioners: mostly the same agendas again (only fetch times change), a share of practitioners moved; meanwhile
/// publishers book served slots over HTTP (<c>POST /fhir/Appointment</c>, the hub's INT_R03 path: booking rights,
/// slot marked busy, outbox) and push slots (<c>PUT /fhir/Slot?identifier=…</c>). Judged by <c>ceiling_ratio</c>
/// (req/s ÷ the transport ceiling of the same run) and <c>cache_hit</c> over the measured phase.
/// </summary>
internal static class SearchProductionScenario
{
    private const int Sources = 20;

    /// <summary>Share of a source's practitioners whose slots move at each of its re-syncs (2–5 % in production).</summary>
    private const double MoveShare = 0.03;

    private const double BookingsPerSecond = 2;
    private const double PushesPerSecond = 2;

    // The pushing publisher's practitioners (beyond the fleet's indexes) and the slot identifiers its pushes rotate
    // over: creations first, then updates moving those slots.
    private const int PushedPractitioners = 5;
    private const int PushedPractitionerIndex = 90_000_000;
    private const int PushedSlotIdentifiers = 200;
    private const string PushedSlotSystem = "urn:bench-production:slot";

    private const string Booker = "bench-booker";
    private const string BookerKey = "bench-booker-key-not-a-secret";
    private const string Pusher = "bench-pusher";
    private const string PusherKey = "bench-pusher-key-not-a-secret";

    private const double CacheHitTarget = 0.95;

    /// <summary>How often production re-syncs every source; the run plays it in <see cref="BenchmarkSettings.ResyncCycle"/>.</summary>
    private static readonly TimeSpan Cadence = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        settings = settings.WithDefaultSize(settings.Quick ? "20k" : "1m");
        var cycle = settings.ResyncCycle;
        var measured = settings.SecondsGiven ? settings.LoadDuration : 2 * cycle;
        var fleet = new SourceFleet(settings.StoreSlots, Sources, FrenchClock.Now());

        var hubSettings = settings.HubSettings;
        foreach (var (key, value) in fleet.ConnectorSettings())
        {
            hubSettings[key] = value;
        }

        hubSettings[$"Publishers:{Booker}:ApiKeys:0"] = BookerKey;
        for (var k = 0; k < fleet.Sources.Count; k++)
        {
            hubSettings[$"Publishers:{Booker}:Connectors:{k}"] = fleet.Sources[k].SourceInstance;
        }

        hubSettings[$"Publishers:{Pusher}:ApiKeys:0"] = PusherKey;

        // A few writes per second: far under the limit, but the run must never measure a 429.
        hubSettings["Push:PermitsPerMinute"] = "100000";

        await using var hub = await BenchmarkHub.StartAsync(hubSettings, cancellationToken);
        var (slots, loadTime) = await fleet.LoadAsync(hub.Services, cancellationToken);
        Report.Progress($"store ({BenchmarkHub.ProviderName}): {slots:N0} slots from {fleet.Sources.Count} sources, {fleet.GroupCount * AgendaGenerator.PractitionersPerGroup:N0} practitioners, loaded in {loadTime.TotalSeconds:F1} s, database {hub.DatabaseBytes() / 1048576.0:F0} MiB");

        using var booker = PublisherClient(hub.BaseAddress, BookerKey);
        using var pusher = PublisherClient(hub.BaseAddress, PusherKey);
        var pushed = Enumerable.Range(PushedPractitionerIndex, PushedPractitioners).Select(AgendaGenerator.NationalId).ToList();
        using (var agenda = await pusher.PostAsync("fhir", PublisherRequests.Json(PublisherRequests.AgendaTransaction(pushed)), cancellationToken))
        {
            if (!agenda.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Pushing the agendas failed: HTTP {(int)agenda.StatusCode} {await agenda.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        var paths = SasSearchRequests.Build([.. fleet.NationalIds, .. pushed], settings.Quick ? 256 : 1024, DateTimeOffset.UtcNow, seed: 11);
        using var client = BenchmarkHub.NewClient(hub.BaseAddress, settings.Clients, TimeSpan.FromSeconds(30));
        var driver = new HttpLoadDriver(client, paths);

        // The writers run from before the warm-up on, so the measured phase starts in the steady state.
        var counters = new ProductionCounters();
        using var stopWriters = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resyncs = ResyncLoopAsync(hub.Store, fleet, cycle, counters, stopWriters.Token);
        var bookingRandom = new Random(13);
        var bookings = EveryAsync(BookingsPerSecond, _ => BookAsync(booker, fleet, bookingRandom, counters), stopWriters.Token);
        var pushRandom = new Random(17);
        var pushes = EveryAsync(PushesPerSecond, n => PushAsync(pusher, n, pushRandom, counters), stopWriters.Token);

        // Warm-up: every distinct request once (bounded), so the measured phase's misses are the writes', not cold entries.
        await driver.RunAsync(settings.Clients, paths.Count, TimeSpan.FromMinutes(1), cancellationToken);

        var cache = hub.Services.GetRequiredService<ServedAgendaCache>();
        var lookupsBefore = CacheLookups.Read(cache);
        var before = counters.Snapshot();
        var memory = MemorySampler.Start();
        var result = await driver.RunAsync(settings.Clients, settings.MaxRequests, measured, cancellationToken);
        var during = counters.Snapshot().Minus(before);
        var lookups = CacheLookups.Read(cache).Minus(lookupsBefore);

        // cache_hit counts lookups answered from memory (as held or refreshed): at this harness's search rate each
        // practitioner is asked many times between two of its re-syncs (in production about once), which flatters it;
        // misses_per_resynced_practitioner does not depend on the search rate: about 1 when every re-sync empties the
        // practitioner's entry, the moved share when only changes do.
        var figures = await memory.StopAsync();
        await memory.DisposeAsync();
        await stopWriters.CancelAsync();
        await Task.WhenAll(resyncs, bookings, pushes);

        if (result.FirstError is not null)
        {
            Report.Progress("first search error: " + result.FirstError);
        }

        if (during.FirstError is not null)
        {
            Report.Progress("first write error: " + during.FirstError);
        }

        // Cycles achieved in the measured phase, in groups written over the store's groups (a cycle writes each once).
        var elapsed = result.Elapsed;
        var achievedCycles = during.Batches / (double)fleet.GroupCount;
        var achievedCycle = achievedCycles > 0 ? elapsed / achievedCycles : TimeSpan.MaxValue;
        var keepsUp = achievedCycle.TotalSeconds <= cycle.TotalSeconds * 1.1;
        Report.Progress(keepsUp
            ? FormattableString.Invariant($"re-syncs kept up: every source re-synced every {achievedCycle.TotalSeconds:F1} s (target {cycle.TotalSeconds:F0} s): the {Cadence.TotalMinutes:F0}-minute cadence ×{Cadence / achievedCycle:F1} faster; writer busy {Math.Min(1, during.WriterBusy / elapsed):P0}")
            : FormattableString.Invariant($"re-syncs did NOT keep up: one full cycle of {fleet.Sources.Count} sources took {achievedCycle.TotalSeconds:F1} s, not {cycle.TotalSeconds:F0} s ({achievedCycles:F2} cycles in {elapsed.TotalSeconds:F0} s, writer busy {Math.Min(1, during.WriterBusy / elapsed):P0}): the {Cadence.TotalMinutes:F0}-minute cadence was compressed ×{Cadence / achievedCycle:F1}, not ×{Cadence / cycle:F1}"));

        var answer = await client.GetByteArrayAsync(paths[0], cancellationToken);
        var ceiling = await TransportCeiling.MeasureAsync(answer, paths, settings, cancellationToken);
        Report.Progress(FormattableString.Invariant($"transport ceiling (a bare Kestrel replaying one {answer.Length:N0}-byte answer, same driver): {ceiling.RequestsPerSecond:F0} req/s, p50 {ceiling.Latency.P50:F2} ms, p99 {ceiling.Latency.P99:F2} ms"));

        Report.Result("search-production", settings)
            .Add("slots", slots)
            .Add("sources", fleet.Sources.Count)
            .Add("clients", settings.Clients)
            .Add("seconds", elapsed.TotalSeconds, "F1")
            .Add("cadence_s", Cadence.TotalSeconds, "F0")
            .Add("cycle_s", cycle.TotalSeconds, "F0")
            .Add("achieved_cycle_s", achievedCycle.TotalSeconds, "F1")
            .Add("compression", Cadence / achievedCycle, "F1")
            .Add("compression_target", Cadence / cycle, "F1")
            .Add("keeps_up", keepsUp ? "yes" : "no")
            .Add("achieved_cycles", achievedCycles, "F2")
            .Add("resyncs", during.Resyncs)
            .Add("resync_batches", during.Batches)
            .Add("resync_slots_per_s", during.Slots / elapsed.TotalSeconds, "F0")
            .Add("writer_busy", Math.Min(1, during.WriterBusy / elapsed), "F2")
            .Add("moves", during.Moves)
            .Add("bookings", during.Bookings)
            .Add("booking_errors", during.BookingErrors)
            .Add("pushes", during.Pushes)
            .Add("push_errors", during.PushErrors)
            .Add("requests", result.Requests)
            .Add("errors", result.Errors)
            .Add("rps", result.RequestsPerSecond, "F0")
            .Latency(string.Empty, result.Latency)
            .Add("bytes", result.BytesPerResponse, "F0")
            .Add("cache_mb", settings.ServedCacheMegabytes ?? new StoreOptions().ServedCacheMegabytes)
            .Judged("cache_hit", lookups.HitRatio, CacheHitTarget, higherIsBetter: true, "F3")
            .Add("cache_refresh", lookups.RefreshRatio, "F3")
            .Add("cache_held_mb", cache.SizeBytes / 1048576.0, "F0")
            .Add("misses_per_resynced_practitioner", during.Batches == 0 ? double.NaN : lookups.Misses / (double)(during.Batches * AgendaGenerator.PractitionersPerGroup), "F2")
            .Add("ceiling_rps", ceiling.RequestsPerSecond, "F0")
            .Add("ceiling_p99_ms", ceiling.Latency.P99, "F2")
            .Judged("ceiling_ratio", result.RequestsPerSecond / ceiling.RequestsPerSecond, SearchScenario.CeilingRatioTarget, higherIsBetter: true)
            .Memory(figures)
            .Print();
    }

    /// <summary>
    /// Re-syncs every source once per <paramref name="cycle"/>, source k due at k/n of each cycle (as staggered
    /// schedules spread them), one batch per group in a transaction of its own, as a pull sync writes. A writer behind
    /// schedule goes on at once, flat out: then a cycle takes longer than asked, and the report says so. Stops between
    /// batches (a transaction is never cancelled).
    /// </summary>
    private static async Task ResyncLoopAsync(ISlotStore store, SourceFleet fleet, TimeSpan cycle, ProductionCounters counters, CancellationToken stop)
    {
        await Task.Yield();
        var random = new Random(5);
        var clock = Stopwatch.StartNew();
        var sources = fleet.Sources.Count;
        for (var round = 0L; !stop.IsCancellationRequested; round++)
        {
            for (var k = 0; k < sources && !stop.IsCancellationRequested; k++)
            {
                var wait = (cycle * round) + (cycle * k / sources) - clock.Elapsed;
                if (wait > TimeSpan.Zero && !await DelayAsync(wait, stop))
                {
                    return;
                }

                var source = fleet.Sources[k];
                var complete = true;
                for (var group = 0; group < source.Generator.GroupCount; group++)
                {
                    if (stop.IsCancellationRequested)
                    {
                        complete = false;
                        break;
                    }

                    var started = Stopwatch.GetTimestamp();
                    var moves = source.Move(group, random, MoveShare);
                    var batch = source.Current(group);
                    var stored = await store.ReplaceScopeAsync(source.SourceInstance, source.Generator.ScopeOf(group), batch, CancellationToken.None);
                    counters.Batch(stored.SlotsStored, moves, Stopwatch.GetElapsedTime(started));
                }

                if (complete)
                {
                    counters.Resync();
                }
            }
        }
    }

    /// <summary>Books a random future slot of a random practitioner through the hub's INT_R03 endpoint, as its publisher.</summary>
    private static async Task BookAsync(HttpClient booker, SourceFleet fleet, Random random, ProductionCounters counters)
    {
        var source = fleet.Sources[random.Next(fleet.Sources.Count)];
        var batch = source.Current(random.Next(source.Generator.GroupCount));
        var now = DateTimeOffset.UtcNow;
        var free = batch.Slots.Where(s => s.Start > now).ToList();
        if (free.Count == 0)
        {
            return;
        }

        var slot = free[random.Next(free.Count)];

        // The publisher stops listing it now: its next re-sync must not offer it as free again.
        source.MarkBooked(slot.NativeId);
        var body = PublisherRequests.Appointment(Guid.NewGuid().ToString(), slot.PractitionerNationalId!, AgendaGenerator.SlotFhirId(source.SourceInstance, slot.NativeId), slot.Start, slot.End);
        await SendAsync(booker, HttpMethod.Post, "fhir/Appointment", body, HttpStatusCode.Created, counters.Booked, counters.BookingFailed);
    }

    /// <summary>Pushes one slot of a pushed agenda, rotating over a fixed set of identifiers (creations, then moves).</summary>
    private static Task PushAsync(HttpClient pusher, int number, Random random, ProductionCounters counters)
    {
        var identifier = Uri.EscapeDataString(FormattableString.Invariant($"{PushedSlotSystem}|p-{number % PushedSlotIdentifiers}"));
        var start = FrenchClock.Now().AddHours(1 + random.Next(70));
        start = start.AddMinutes(-start.Minute).AddSeconds(-start.Second).AddMilliseconds(-start.Millisecond);
        var body = PublisherRequests.Slot(PublisherRequests.ScheduleOf(number % PushedPractitioners), start);
        return SendAsync(pusher, HttpMethod.Put, "fhir/Slot?identifier=" + identifier, body, null, counters.Pushed, counters.PushFailed);
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string path, string body, HttpStatusCode? expected, Action succeeded, Action<string> failed)
    {
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = PublisherRequests.Json(body) };
            using var response = await client.SendAsync(request, CancellationToken.None);
            if (expected is { } status ? response.StatusCode == status : response.IsSuccessStatusCode)
            {
                succeeded();
            }
            else
            {
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                failed($"HTTP {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            failed(ex.Message);
        }
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="perSecond"/> times a second, one at a time, until stopped.</summary>
    private static async Task EveryAsync(double perSecond, Func<int, Task> action, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        var number = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await action(number++);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped between two actions.
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private static HttpClient PublisherClient(Uri baseAddress, string key)
    {
        var client = BenchmarkHub.NewClient(baseAddress, 2, TimeSpan.FromSeconds(30));
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
