using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #14 case 2: one value Firely cannot hold (<c>"latitude":1e30</c>) must cost at most its own resource, pulled or
/// pushed: never the batch, the run (pull) or a 500 (push).
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class HostileValueTests
{
    private const string First = "810000000011";
    private const string Second = "810000000012";
    private const string Third = "810000000013";
    private const string HostilePosition = "\"position\":{\"latitude\":1e30,\"longitude\":0.6}";
    private const string AlphaSource = "push-alpha";
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task A_latitude_of_1e30_in_batch_1_of_3_keeps_the_place_without_it_and_every_batch_is_stored()
    {
        await using var publisher = await LoopbackPublisher.StartAsync(nationalId => nationalId == First ? HostilePosition : null);
        await using var hub = await StartSyncHubAsync(publisher.BaseUrl);

        var run = await SyncAsync(hub);

        Assert.Multiple(async () =>
        {
            Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("Succeeded").IgnoreCase, run.ToString());
            Assert.That(run.GetProperty("batchesSucceeded").GetInt32(), Is.EqualTo(3), run.ToString());
            Assert.That(publisher.Asked.Distinct(), Is.EquivalentTo(new[] { First, Second, Third }), "batches 2 and 3 are fetched");
            Assert.That(await StoredSlotsAsync(hub), Is.EqualTo((2, 2, 2)), "every practitioner's slots are stored, the first one's too");
            var quality = await QualityAsync(hub);
            Assert.That(quality, Does.Contain("invalid-position"), "the dropped position is in the feed-quality report");
            Assert.That(quality, Does.Contain("PractitionerRole.contained[0].position.latitude"));
            Assert.That(quality, Does.Contain("r" + First), quality);
        });
    }

    [Test]
    public async Task A_batch_that_cannot_be_parsed_fails_alone_and_the_run_goes_on()
    {
        await using var publisher = await LoopbackPublisher.StartAsync(nationalId => nationalId == First ? LoopbackPublisher.Unparseable : null);
        await using var hub = await StartSyncHubAsync(publisher.BaseUrl);

        var run = await SyncAsync(hub);

        Assert.Multiple(async () =>
        {
            Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("Partial").IgnoreCase, run.ToString());
            Assert.That(run.GetProperty("batchesFailed").GetInt32(), Is.EqualTo(1));
            Assert.That(run.GetProperty("errors")[0].GetString(), Does.StartWith("Malformed:"));
            Assert.That(await StoredSlotsAsync(hub), Is.EqualTo((0, 2, 2)));
        });
    }

    [TestCase("Location")]
    [TestCase("PractitionerRole")]
    public async Task Putting_a_resource_with_a_1e30_latitude_is_refused_with_a_422_naming_the_element_and_changes_nothing(string type)
    {
        await using var hub = await StartPushHubAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var before = await HeldPlacesAsync(hub);
        var (resource, expression) = type == "Location"
            ? ((Resource)HostileLocation(), "Location.position.latitude")
            : (RoleOf(PushClient.PsExampleTransaction()), "PractitionerRole.contained[0].position.latitude");

        using var response = await alpha.Http.PutAsync($"fhir/{type}/{resource.Id}", PushClient.Json(WithHostilePosition(resource)));

        var outcome = await FhirAssert.ReadOutcomeAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain(expression), outcome.ToString());
        Assert.That(await HeldPlacesAsync(hub), Is.EqualTo(before), "the stored places are as they were");
    }

    [TestCase(Bundle.BundleType.Transaction)]
    [TestCase(Bundle.BundleType.Batch)]
    public async Task A_bundle_whose_role_holds_a_1e30_latitude_gets_a_4xx_for_it_and_stores_nothing_of_it(Bundle.BundleType type)
    {
        await using var hub = await StartPushHubAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var bundle = PushClient.PsExampleTransaction(type);
        var roleIndex = bundle.Entry.FindIndex(e => e.Resource is PractitionerRole);
        var role = (PractitionerRole)bundle.Entry[roleIndex].Resource;
        ((Location)role.Contained[0]).Position = new Location.PositionComponent { Latitude = 1.5m, Longitude = 2.5m };
        var json = FhirJson.Serialize(bundle).Replace("\"latitude\":1.5", "\"latitude\":1e30", StringComparison.Ordinal);
        Assert.That(json, Does.Contain("1e30"), "the test spoils the body");

        using var response = await alpha.Http.PostAsync("fhir", PushClient.Json(json));

        var expression = $"Bundle.entry[{roleIndex}].resource.contained[0].position.latitude";
        if (type == Bundle.BundleType.Transaction)
        {
            var outcome = await FhirAssert.ReadOutcomeAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain(expression), outcome.ToString());
            Assert.That(await HeldPlacesAsync(hub), Is.Empty, "nothing of the transaction stored");
        }
        else
        {
            var answer = await FhirAssert.ReadAsync<Bundle>(response, HttpStatusCode.OK);
            var entry = answer.Entry[roleIndex].Response;
            Assert.That(entry.Status, Does.StartWith("422"));
            Assert.That(((OperationOutcome)entry.Outcome).Issue.SelectMany(i => i.Expression), Does.Contain(expression));
            var held = await hub.Services.GetRequiredService<IPushStore>().LoadAgendaAsync(AlphaSource, [], [role.Id], [], CancellationToken.None);
            Assert.That(held.Places, Is.Empty, "the refused role is not stored");
        }
    }

    private static Location HostileLocation() => new()
    {
        Id = "site-1",
        Name = "Cabinet",
        Address = new Address { Line = ["1 rue X"], City = "AGEN", PostalCode = "47000" },
        Position = new Location.PositionComponent { Latitude = 1.5m, Longitude = 2.5m },
    };

    private static PractitionerRole RoleOf(Bundle bundle)
    {
        var role = (PractitionerRole)bundle.Entry.First(e => e.Resource is PractitionerRole).Resource;
        ((Location)role.Contained[0]).Position = new Location.PositionComponent { Latitude = 1.5m, Longitude = 2.5m };
        return role;
    }

    private static string WithHostilePosition(Resource resource)
    {
        var json = FhirJson.Serialize(resource).Replace("\"latitude\":1.5", "\"latitude\":1e30", StringComparison.Ordinal);
        Assert.That(json, Does.Contain("1e30"), "the test spoils the body");
        return json;
    }

    private static Task<RunningHub> StartPushHubAsync() =>
        RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));

    private static Task<RunningHub> StartSyncHubAsync(string baseUrl)
    {
        var settings = RunningHub.Connector("pub", baseUrl, [First, Second, Third]);
        settings["Connectors:pub:BatchSize"] = "1";
        return RunningHub.StartAsync(settings);
    }

    private static async Task<JsonElement> SyncAsync(RunningHub hub)
    {
        using var response = await hub.Http.PostAsync("admin/connectors/pub/sync", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> QualityAsync(RunningHub hub) =>
        await (await hub.Http.GetAsync("admin/connectors/pub/quality?examples=10")).Content.ReadAsStringAsync();

    private static async Task<(int, int, int)> StoredSlotsAsync(RunningHub hub)
    {
        var store = hub.Services.GetRequiredService<ISlotStore>();
        var now = DateTimeOffset.UtcNow;
        async Task<int> Count(string id) => (await store.SearchAsync(new SlotSearchCriteria([id], now.AddHours(-1), now.AddHours(72), SlotStatus.Free, 1000), CancellationToken.None)).Total;
        return (await Count(First), await Count(Second), await Count(Third));
    }

    // The example's places as stored (none before a push): what a refused write must leave as it was.
    private static async Task<List<(string, GeoPoint?, string?, DateTimeOffset?)>> HeldPlacesAsync(RunningHub hub)
    {
        var bundle = PushClient.PsExampleTransaction();
        var ids = bundle.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Select(r => r.Id).ToArray();
        var held = await hub.Services.GetRequiredService<IPushStore>().LoadAgendaAsync(AlphaSource, [], ids, [], CancellationToken.None);
        return [.. held.Places.Select(p => (p.NativeId, p.Position, p.LocationName, p.SourceLastUpdated))];
    }

    /// <summary>
    /// A publisher on 127.0.0.1 answering each practitioner's search with IG-shaped JSON; <c>spoil</c> gives, per
    /// practitioner, a fragment to put in its Location (or <see cref="Unparseable"/> for a body that is not JSON).
    /// </summary>
    private sealed class LoopbackPublisher : IAsyncDisposable
    {
        public const string Unparseable = "<unparseable>";
        private const string IdentifierParameter = "schedule.actor:Practitioner.identifier";
        private readonly WebApplication _app;

        private LoopbackPublisher(WebApplication app) => _app = app;

        public string BaseUrl { get; private set; } = string.Empty;

        public List<string> Asked { get; } = [];

        public static async Task<LoopbackPublisher> StartAsync(Func<string, string?> spoil)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var publisher = new LoopbackPublisher(app);
            app.MapGet("/fhir/Slot", async (HttpContext context) =>
            {
                var ids = context.Request.Query[IdentifierParameter].ToString().Split(',').Select(v => v[(v.IndexOf('|', StringComparison.Ordinal) + 1)..]).ToList();
                lock (publisher.Asked)
                {
                    publisher.Asked.AddRange(ids);
                }

                var spoils = ids.Select(spoil).OfType<string>().ToList();
                context.Response.ContentType = "application/fhir+json";
                if (spoils.Contains(Unparseable))
                {
                    await context.Response.WriteAsync("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":");
                    return;
                }

                var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
                foreach (var id in ids)
                {
                    bundle.Entry.AddRange(Resources(id).Select(r => new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = r }));
                }

                var json = FhirJson.Serialize(bundle);
                foreach (var fragment in spoils)
                {
                    json = json.Replace("\"name\":\"Cabinet\"", "\"name\":\"Cabinet\"," + fragment, StringComparison.Ordinal);
                }

                await context.Response.WriteAsync(json);
            });
            await app.StartAsync();
            publisher.BaseUrl = app.Urls.First().TrimEnd('/') + "/fhir";
            return publisher;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private static List<Resource> Resources(string nationalId)
        {
            var first = DateTimeOffset.UtcNow.AddHours(2);
            var resources = new List<Resource>
            {
                new Practitioner { Id = "p" + nationalId, Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", nationalId)], Name = [new HumanName { Family = "MARTIN" }] },
                new PractitionerRole
                {
                    Id = "r" + nationalId,
                    Contained = [new Location { Id = "loc", Name = "Cabinet", Address = new Address { Line = ["1 rue X"], City = "AGEN", PostalCode = "47000" } }],
                    Practitioner = new ResourceReference("Practitioner/p" + nationalId),
                    Location = [new ResourceReference("#loc")],
                },
                new Schedule { Id = "s" + nationalId, Actor = [new ResourceReference("Practitioner/p" + nationalId), new ResourceReference("PractitionerRole/r" + nationalId)] },
            };
            for (var i = 0; i < 2; i++)
            {
                var start = first.AddMinutes(30 * i);
                resources.Add(new Slot
                {
                    Id = $"slot-{nationalId}-{i}",
                    Schedule = new ResourceReference("Schedule/s" + nationalId),
                    Status = Slot.SlotStatus.Free,
                    StartElement = new Instant(new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero)),
                    EndElement = new Instant(new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero).AddMinutes(20)),
                });
            }

            return resources;
        }
    }
}
