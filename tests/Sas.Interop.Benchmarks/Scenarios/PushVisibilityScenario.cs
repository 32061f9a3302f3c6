using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sas.Interop.Benchmarks.Data;
using Sas.Interop.Benchmarks.Measurement;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// Push freshness, end to end over HTTP: a publisher (API key) pushes one Slot with <c>PUT /fhir/Slot?identifier=…</c>;
/// the time from its 2xx to the slot appearing in a <c>/fhir/Slot</c> search is measured, polled back to back, over a
/// store of <see cref="BenchmarkSettings.StoreSlots"/> pulled slots. The publisher's Practitioner, PractitionerRole and
/// Schedule are pushed once first, in a transaction.
/// </summary>
internal static class PushVisibilityScenario
{
    private const string Publisher = "bench-push";
    private const string ApiKey = "bench-push-key-not-a-secret";
    private const string SlotSystem = "urn:bench-push:slot";
    private static readonly TimeSpan PollBudget = TimeSpan.FromSeconds(5);

    // Far beyond the generated practitioners' indexes: the pushed agenda is the only one of this practitioner.
    private static readonly string PractitionerId = AgendaGenerator.NationalId(90_000_000);

    public static async Task RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var hubSettings = new Dictionary<string, string>
        {
            [$"Publishers:{Publisher}:ApiKeys:0"] = ApiKey,

            // One push per round plus the set-up: well under the limit, but the harness must never measure a 429.
            ["Push:PermitsPerMinute"] = "100000",
        };
        await using var hub = await BenchmarkHub.StartAsync(hubSettings, cancellationToken);
        var generator = new AgendaGenerator(SearchScenario.SourceInstance, settings.StoreSlots, FrenchClock.Now());
        var (slots, _) = await StoreLoader.LoadAsync(hub.Services, generator, cancellationToken);
        using var client = BenchmarkHub.NewClient(hub.BaseAddress, 4, TimeSpan.FromSeconds(30));
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);

        using (var agenda = await client.PostAsync("fhir", Json(AgendaTransaction()), cancellationToken))
        {
            if (!agenda.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Pushing the agenda failed: HTTP {(int)agenda.StatusCode} {await agenda.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        var rounds = settings.Quick ? 10 : 100;
        var random = new Random(3);
        var visibility = new List<double>(rounds);
        var pushes = new List<double>(rounds);
        var polls = 0;
        var missed = 0;
        var memory = MemorySampler.Start();
        for (var round = 0; round < rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            var nativeId = FormattableString.Invariant($"visible-{round}");
            var start = FrenchClock.Now().AddHours(1 + random.Next(48));
            var now = DateTimeOffset.UtcNow;
            var path = "fhir/Slot?" + SasSearchRequests.Query([PractitionerId], now, now + SasSearchRequests.Window);
            var fhirId = ResourceIds.For("push-" + Publisher, nativeId);

            var pushStarted = Stopwatch.GetTimestamp();
            using (var pushed = await client.PutAsync($"fhir/Slot?identifier={Uri.EscapeDataString(SlotSystem + "|" + nativeId)}", Json(SlotJson(start)), cancellationToken))
            {
                if (!pushed.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Push {round} failed: HTTP {(int)pushed.StatusCode} {await pushed.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }

            var acknowledged = Stopwatch.GetTimestamp();
            pushes.Add(Stopwatch.GetElapsedTime(pushStarted, acknowledged).TotalMilliseconds);

            var seen = false;
            while (!seen && Stopwatch.GetElapsedTime(acknowledged) < PollBudget)
            {
                polls++;
                var body = await client.GetStringAsync(path, cancellationToken);
                seen = body.Contains(fhirId, StringComparison.Ordinal);
            }

            if (seen)
            {
                visibility.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
            }
            else
            {
                missed++;
            }
        }

        var figures = await memory.StopAsync();
        await memory.DisposeAsync();
        Report.Result("push-visibility", settings)
            .Add("slots", slots)
            .Add("rounds", rounds)
            .Add("missed", missed)
            .Add("polls_per_round", polls / (double)Math.Max(rounds, 1), "F2")
            .Latency("visible_", new LatencyStats(visibility))
            .Latency("push_", new LatencyStats(pushes))
            .Memory(figures)
            .Print();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    private static string AgendaTransaction() => $$"""
        {
          "resourceType": "Bundle", "type": "transaction",
          "entry": [
            { "resource": { "resourceType": "Practitioner", "id": "dr-bench",
                "identifier": [ { "system": "{{KnownIdentifierSystems.PractitionerNationalId}}", "value": "{{PractitionerId}}" } ],
                "name": [ { "family": "BENCH", "given": [ "Claire" ] } ] },
              "request": { "method": "PUT", "url": "Practitioner/dr-bench" } },
            { "resource": { "resourceType": "PractitionerRole", "id": "dr-bench-agen",
                "contained": [ { "resourceType": "Location", "id": "loc", "address": { "line": [ "12 rue des Lilas" ], "city": "Agen", "postalCode": "47000" } } ],
                "practitioner": { "reference": "Practitioner/dr-bench" }, "location": [ { "reference": "#loc" } ] },
              "request": { "method": "PUT", "url": "PractitionerRole/dr-bench-agen" } },
            { "resource": { "resourceType": "Schedule", "id": "agenda-bench",
                "actor": [ { "reference": "Practitioner/dr-bench" }, { "reference": "PractitionerRole/dr-bench-agen" } ] },
              "request": { "method": "PUT", "url": "Schedule/agenda-bench" } }
          ]
        }
        """;

    private static string SlotJson(DateTimeOffset start) => $$"""
        {
          "resourceType": "Slot",
          "meta": { "security": [ { "system": "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau", "code": "PUBLIC" } ] },
          "serviceType": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB" } ] } ],
          "schedule": { "reference": "Schedule/agenda-bench" },
          "status": "free", "start": "{{Iso(start)}}", "end": "{{Iso(start.AddMinutes(20))}}"
        }
        """;

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
