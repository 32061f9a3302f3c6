using System.Diagnostics;
using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Benchmarks.Measurement;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Ingestion;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// A full sync from a loopback simulator through the sas-fhir connector (HTTP → Firely parse → normalise →
/// store), against the Firely parse-only rate for the same response bodies in the same run (the ceiling);
/// then each step alone on those bodies, to show where the time goes.
/// </summary>
internal static class IngestScenario
{
    private const string InstanceId = "bench-pub";
    private const int SlotsPerSimulatedPractitioner = 80;
    private const int MaxPractitioners = 2_500;

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
        var summary = await sync.SyncAsync(InstanceId, cancellationToken);
        var syncTime = watch.Elapsed;
        var figures = await memory.StopAsync();
        await memory.DisposeAsync();
        var ingestRate = summary.SlotsFetched / syncTime.TotalSeconds;

        // The same requests the connector just sent, fetched again as raw bodies.
        var requests = simulator.Searches.TakeLast(batches).ToList();
        using var client = BenchmarkHub.NewClient(new Uri(simulator.BaseUrl), 4, TimeSpan.FromSeconds(60));
        var origin = new Uri(simulator.BaseUrl).GetLeftPart(UriPartial.Authority);
        var bodies = new List<string>(requests.Count);
        watch.Restart();
        foreach (var request in requests)
        {
            bodies.Add(await client.GetStringAsync(new Uri(origin + request.Path + "?" + request.RawQuery), cancellationToken));
        }

        var fetchTime = watch.Elapsed;

        // Parse only, as the connector parses (Recoverable); best of two passes.
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
        var parseTime = TimeSpan.MaxValue;
        List<Bundle> parsed = [];
        for (var pass = 0; pass < 2; pass++)
        {
            watch.Restart();
            parsed = [.. bodies.Select(body => (Bundle)deserializer.DeserializeResource(body))];
            parseTime = watch.Elapsed < parseTime ? watch.Elapsed : parseTime;
        }

        var parsedSlots = parsed.Sum(bundle => bundle.Entry.Count(entry => entry.Resource is Slot));
        var parseRate = parsedSlots / parseTime.TotalSeconds;

        var normalizer = hub.Services.GetRequiredService<FhirNormalizer>();
        watch.Restart();
        var normalized = requests.Zip(parsed, (request, bundle) =>
        {
            var scope = ScopeOf(request.RawQuery);
            return (Scope: scope, Batch: normalizer.Normalize(InstanceId, scope, [.. bundle.Entry.Select(e => e.Resource).OfType<Resource>()], DateTimeOffset.UtcNow));
        }).ToList();
        var normalizeTime = watch.Elapsed;

        watch.Restart();
        foreach (var (scope, batch) in normalized)
        {
            await hub.Store.ReplaceScopeAsync(InstanceId, scope, batch, cancellationToken);
        }

        var storeTime = watch.Elapsed;
        var bytes = bodies.Sum(body => (long)System.Text.Encoding.UTF8.GetByteCount(body));
        Report.Progress(FormattableString.Invariant(
            $"breakdown for {parsedSlots:N0} slots in {requests.Count} responses ({bytes / 1048576.0:F1} MiB): HTTP fetch incl. simulator {fetchTime.TotalMilliseconds:F0} ms, parse {parseTime.TotalMilliseconds:F0} ms, normalise {normalizeTime.TotalMilliseconds:F0} ms, store {storeTime.TotalMilliseconds:F0} ms; measured sync {syncTime.TotalMilliseconds:F0} ms"));

        Report.Result("ingest", settings)
            .Add("practitioners", practitioners)
            .Add("batches", batches)
            .Add("status", summary.Status.ToString())
            .Add("slots", summary.SlotsFetched)
            .Add("slots_per_s", ingestRate, "F0")
            .Add("parse_only_slots_per_s", parseRate, "F0")
            .Add("ratio", ingestRate / parseRate, "F2")
            .Add("parse_mb_per_s", bytes / 1048576.0 / parseTime.TotalSeconds, "F1")
            .Add("store_only_slots_per_s", parsedSlots / storeTime.TotalSeconds, "F0")
            .Memory(figures)
            .Print();
    }

    /// <summary>The scope the connector gave the batch: the practitioners and the window it asked for.</summary>
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
