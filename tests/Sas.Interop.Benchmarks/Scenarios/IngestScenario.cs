using System.Diagnostics;
using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Benchmarks.Measurement;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// A full sync from a loopback simulator through the sas-fhir connector (HTTP → Firely parse → normalise →
/// store), against the Firely parse-only rate for the same response bodies in the same run (the ceiling);
/// then each step alone on those bodies, to show where the time goes. Two ratios: <c>ratio</c> in wall time
/// (slots/s end to end ÷ parse-only slots/s, as a user sees it) and <c>cpu_ratio</c> (parse-only CPU ÷ the hub's
/// CPU for the sync, i.e. the sync's process CPU minus what re-fetching the same answers costs the in-process
/// simulator and client): the share of the hub's ingest work that is the Firely parse it cannot avoid.
/// </summary>
internal static class IngestScenario
{
    private const string InstanceId = "bench-pub";
    private const int SlotsPerSimulatedPractitioner = 80;
    private const int MaxPractitioners = 2_500;

    /// <summary>Issue #20: a sync at least 0.8 of the Firely parse-only rate on the same bodies.</summary>
    private const double RatioTarget = 0.8;

    public static async System.Threading.Tasks.Task RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var practitioners = settings.Quick ? 50 : Math.Clamp(settings.StoreSlots / SlotsPerSimulatedPractitioner, 25, MaxPractitioners);
        await using var simulator = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Name = "bench-editeur", PractitionerCount = practitioners, Seed = 21, Days = 3 },
            cancellationToken);
        await using var hub = await BenchmarkHub.StartAsync(BenchmarkHub.Connector(InstanceId, simulator.BaseUrl, simulator.PractitionerIds), cancellationToken);
        var sync = hub.Services.GetRequiredService<IConnectorSyncService>();

        // The first sync warms everything up (JIT, pools) and fills the store; the second one, measured, replaces it.
        var warmUp = await sync.SyncAsync(InstanceId, cancellationToken);
        Report.Progress($"warm-up sync: {warmUp.Status}, {warmUp.SlotsStored:N0} slots in {warmUp.Duration.TotalSeconds:F1} s");
        var batches = warmUp.BatchesSucceeded + warmUp.BatchesFailed;

        var memory = MemorySampler.Start();
        var watch = Stopwatch.StartNew();
        var cpu = CpuClock.Now();
        var summary = await sync.SyncAsync(InstanceId, cancellationToken);
        var syncTime = watch.Elapsed;
        var syncCpu = CpuClock.Now() - cpu;
        var figures = await memory.StopAsync();
        await memory.DisposeAsync();
        var ingestRate = summary.SlotsFetched / syncTime.TotalSeconds;

        // The connector alone (HTTP through the instance's resilience pipeline + Firely parse), no store.
        var catalog = hub.Services.GetRequiredService<ConnectorCatalog>();
        var connector = catalog.GetConnector(catalog.Find(InstanceId)!);
        var window = DateTimeOffset.UtcNow;
        var fetchContext = new ConnectorFetchContext { InstanceId = InstanceId, WindowStart = window, WindowEnd = window.AddHours(72) };
        watch.Restart();
        cpu = CpuClock.Now();
        await foreach (var _ in connector.FetchAsync(fetchContext, cancellationToken))
        {
        }

        var connectorTime = watch.Elapsed;
        var connectorCpu = CpuClock.Now() - cpu;

        // The same requests the connector just sent, fetched again as raw bodies.
        var requests = simulator.Searches.SkipLast(batches).TakeLast(batches).ToList();
        using var client = BenchmarkHub.NewClient(new Uri(simulator.BaseUrl), 4, TimeSpan.FromSeconds(60));
        var origin = new Uri(simulator.BaseUrl).GetLeftPart(UriPartial.Authority);
        var bodies = new List<byte[]>(requests.Count);
        watch.Restart();
        cpu = CpuClock.Now();
        foreach (var request in requests)
        {
            bodies.Add(await client.GetByteArrayAsync(new Uri(origin + request.Path + "?" + request.RawQuery), cancellationToken));
        }

        var fetchTime = watch.Elapsed;
        var fetchCpu = CpuClock.Now() - cpu;

        // Parse only, as the connector parses (Recoverable, from the UTF-8 bytes); best of two passes.
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
        var parseTime = TimeSpan.MaxValue;
        var parseCpu = TimeSpan.MaxValue;
        List<Bundle> parsed = [];
        for (var pass = 0; pass < 2; pass++)
        {
            watch.Restart();
            cpu = CpuClock.Now();
            parsed = [.. bodies.Select(body => Parse(deserializer, body))];
            var passCpu = CpuClock.Now() - cpu;
            parseTime = watch.Elapsed < parseTime ? watch.Elapsed : parseTime;
            parseCpu = passCpu < parseCpu ? passCpu : parseCpu;
        }

        var parsedSlots = parsed.Sum(bundle => bundle.Entry.Count(entry => entry.Resource is Slot));
        var parseRate = parsedSlots / parseTime.TotalSeconds;

        var normalizer = hub.Services.GetRequiredService<FhirNormalizer>();
        watch.Restart();
        cpu = CpuClock.Now();
        var normalized = requests.Zip(parsed, (request, bundle) =>
        {
            var scope = ScopeOf(request.RawQuery);
            return (Scope: scope, Batch: normalizer.Normalize(InstanceId, scope, [.. bundle.Entry.Select(e => e.Resource).OfType<Resource>()], DateTimeOffset.UtcNow));
        }).ToList();
        var normalizeTime = watch.Elapsed;
        var normalizeCpu = CpuClock.Now() - cpu;

        // The store alone, on the same batches: a re-sync of unchanged agendas (the measured sync's case too).
        watch.Restart();
        cpu = CpuClock.Now();
        foreach (var (scope, batch) in normalized)
        {
            await hub.Store.ReplaceScopeAsync(InstanceId, scope, batch, cancellationToken);
        }

        var storeTime = watch.Elapsed;
        var storeCpu = CpuClock.Now() - cpu;

        // The daily KPI snapshot, which every sync used to recompute (now at most once per Admin:SnapshotEvery).
        var statistics = hub.Services.GetRequiredService<IStatisticsStore>();
        watch.Restart();
        await statistics.WriteDailySnapshotAsync(StatisticsCalendar.DayOf(DateTimeOffset.UtcNow), DateTimeOffset.UtcNow, cancellationToken);
        var snapshotTime = watch.Elapsed;

        // The hub's share of the sync's CPU: the simulator (the publisher) runs in this process, and its cost of
        // building and sending the answers is what the raw re-fetch above used.
        var hubCpu = syncCpu - fetchCpu;
        var bytes = bodies.Sum(body => (long)body.Length);
        Report.Progress(FormattableString.Invariant(
            $"breakdown for {parsedSlots:N0} slots in {requests.Count} responses ({bytes / 1048576.0:F1} MiB), wall (CPU) ms: HTTP fetch incl. simulator {fetchTime.TotalMilliseconds:F0} ({fetchCpu.TotalMilliseconds:F0}), parse {parseTime.TotalMilliseconds:F0} ({parseCpu.TotalMilliseconds:F0}), normalise {normalizeTime.TotalMilliseconds:F0} ({normalizeCpu.TotalMilliseconds:F0}), store {storeTime.TotalMilliseconds:F0} ({storeCpu.TotalMilliseconds:F0}); connector alone (fetch + parse) {connectorTime.TotalMilliseconds:F0} ({connectorCpu.TotalMilliseconds:F0}); measured sync {syncTime.TotalMilliseconds:F0} ({syncCpu.TotalMilliseconds:F0}), of which hub CPU {hubCpu.TotalMilliseconds:F0}; daily KPI snapshot {snapshotTime.TotalMilliseconds:F0} ms"));

        Report.Result("ingest", settings)
            .Add("practitioners", practitioners)
            .Add("batches", batches)
            .Add("status", summary.Status.ToString())
            .Add("slots", summary.SlotsFetched)
            .Add("slots_per_s", ingestRate, "F0")
            .Add("parse_only_slots_per_s", parseRate, "F0")
            .Judged("ratio", ingestRate / parseRate, RatioTarget, higherIsBetter: true)
            .Add("cpu_ratio", parseCpu / hubCpu, "F2")
            .Add("store_cpu_per_parse_cpu", storeCpu / parseCpu, "F2")
            .Add("snapshot_ms", snapshotTime.TotalMilliseconds, "F0")
            .Add("parse_mb_per_s", bytes / 1048576.0 / parseTime.TotalSeconds, "F1")
            .Add("store_only_slots_per_s", parsedSlots / storeTime.TotalSeconds, "F0")
            .Memory(figures)
            .Print();
    }

    /// <summary>The scope the connector gave the batch: the practitioners and the window it asked for.</summary>
    private static Bundle Parse(FhirJsonDeserializer deserializer, byte[] body)
    {
        var reader = new System.Text.Json.Utf8JsonReader(body);
        return (Bundle)deserializer.DeserializeResource(ref reader);
    }

    private static SyncScope ScopeOf(string rawQuery)
    {
        var query = QueryHelpers.ParseQuery(rawQuery);
        var ids = query["schedule.actor:Practitioner.identifier"].SelectMany(v => (v ?? string.Empty).Split(','))
            .Select(token => NationalIdentifiers.NormalizePractitioner(token[(token.IndexOf('|', StringComparison.Ordinal) + 1)..]))
            .ToList();
        var starts = query["start"].Select(v => v ?? string.Empty).ToList();
        var from = DateTimeOffset.Parse(starts.First(s => s.StartsWith("ge", StringComparison.Ordinal))[2..], CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(starts.First(s => s.StartsWith("le", StringComparison.Ordinal))[2..], CultureInfo.InvariantCulture);
        return new SyncScope(SyncScopeKind.Practitioner, ids, from, to);
    }
}
