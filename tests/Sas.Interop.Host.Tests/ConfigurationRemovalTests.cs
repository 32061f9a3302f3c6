using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// src/Sas.Interop.Core/truth.md, "Roster and configuration": what the configuration stops serving is not served from the next
/// start-up on (it used to linger, untagged for 30 min and tagged stale for 24 h), its other rows show as orphaned
/// on /admin/connectors, and a purge deletes exactly those. Each case restarts a hub on the same database.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class ConfigurationRemovalTests
{
    private const string Instance = "sim";
    private PublisherSimulator _publisher = null!;
    private TestDatabase _database = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "removal", PractitionerCount = 12, Seed = 11, Days = 3 }, CancellationToken.None);
        _database = await TestDatabase.CreateAsync();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _database.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task A_practitioner_removed_from_the_roster_is_not_served_after_the_restart_and_can_be_purged()
    {
        var all = _publisher.PractitionerIds;
        var removed = all[3];
        await using (var before = await StartAsync(Connector(all)))
        {
            await SyncAsync(before);
            Assert.That(await TotalAsync(before, [removed]), Is.GreaterThan(0), "the practitioner has slots while in the roster");
        }

        await using var after = await StartAsync(Connector(all.Where(id => id != removed)));
        var others = await TotalAsync(after, all.Where(id => id != removed).Take(25));

        // Before any sync: the start-up withdrew the slots; the other practitioners' are untouched.
        Assert.Multiple(async () =>
        {
            Assert.That(await TotalAsync(after, [removed]), Is.Zero, "withdrawn at start-up, not after Sync:WithholdAfter");
            Assert.That(others, Is.GreaterThan(0));
        });
        var sync = await SyncAsync(after);
        Assert.That(sync.GetProperty("practitionersAsked").GetInt32(), Is.EqualTo(11));
        Assert.That(await TotalAsync(after, [removed]), Is.Zero, "a sync of the new roster does not bring it back");

        var orphaned = (await ConnectorAsync(after, Instance)).GetProperty("orphaned");
        Assert.Multiple(() =>
        {
            Assert.That(orphaned.GetProperty("practitioners").GetInt32(), Is.EqualTo(1));
            Assert.That(orphaned.GetProperty("slots").GetInt32(), Is.Zero);
            Assert.That(orphaned.GetProperty("places").GetInt32(), Is.GreaterThan(0));
        });

        var purged = await PurgeAsync(after, Instance);
        Assert.Multiple(async () =>
        {
            Assert.That(purged.GetProperty("purged").GetProperty("practitioners").GetInt32(), Is.EqualTo(1));
            Assert.That((await ConnectorAsync(after, Instance)).GetProperty("orphaned").GetProperty("total").GetInt32(), Is.Zero);
            Assert.That(await TotalAsync(after, all.Where(id => id != removed).Take(25)), Is.EqualTo(others), "a purge never touches served data");
        });
    }

    [Test]
    public async Task A_disabled_instance_is_not_served_after_the_restart()
    {
        await using (var before = await StartAsync(Connector(_publisher.PractitionerIds)))
        {
            await SyncAsync(before);
        }

        var disabled = Connector(_publisher.PractitionerIds);
        disabled[$"Connectors:{Instance}:Enabled"] = "false";
        await using var after = await StartAsync(disabled);

        var row = await ConnectorAsync(after, Instance);
        Assert.Multiple(async () =>
        {
            Assert.That(await TotalAsync(after, _publisher.PractitionerIds), Is.Zero);
            Assert.That(row.GetProperty("orphaned").GetProperty("practitioners").GetInt32(), Is.EqualTo(12), "its rows stay, unserved, until purged");
        });
    }

    [Test]
    public async Task An_instance_removed_from_the_configuration_is_not_served_and_shows_as_removed_until_purged()
    {
        await using (var before = await StartAsync(Connector(_publisher.PractitionerIds)))
        {
            await SyncAsync(before);
        }

        await using var after = await StartAsync(new Dictionary<string, string>());

        Assert.That(await TotalAsync(after, _publisher.PractitionerIds), Is.Zero);
        var row = await ConnectorAsync(after, Instance);
        Assert.Multiple(() =>
        {
            Assert.That(row.GetProperty("state").GetString(), Is.EqualTo("removed"));
            Assert.That(row.GetProperty("slotCount").GetInt32(), Is.Zero);
            Assert.That(row.GetProperty("orphaned").GetProperty("practitioners").GetInt32(), Is.EqualTo(12));
        });

        await PurgeAsync(after, Instance);
        var rows = await after.Http.GetFromJsonAsync<JsonElement>("admin/connectors");
        Assert.That(rows.EnumerateArray().Select(r => r.GetProperty("id").GetString()), Does.Not.Contain(Instance), "nothing of it is left");
    }

    [Test]
    public async Task A_removed_publishers_pushed_slots_are_not_served_after_the_restart()
    {
        // The IG example's slots are of November 2021: both hubs live then (a push is held to a year around now).
        var exampleNow = new FakeTimeProvider(new DateTimeOffset(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero));
        await using (var before = await StartAsync(PushClient.Settings(), exampleNow))
        {
            using var alpha = new PushClient(before, PushClient.AlphaKey);
            await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
            var served = await FhirAssert.ReadAsync<Bundle>(await before.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
            Assert.That(served.Total, Is.GreaterThan(0));
        }

        // Publisher beta stays; alpha is gone.
        await using var after = await StartAsync(new Dictionary<string, string> { ["Publishers:beta:ApiKeys:0"] = PushClient.BetaKey }, exampleNow);

        var answer = await FhirAssert.ReadAsync<Bundle>(await after.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(answer.Total, Is.Zero);
            Assert.That((await ConnectorAsync(after, "push-alpha")).GetProperty("state").GetString(), Is.EqualTo("removed"));
        });
    }

    [Test]
    public async Task Purging_a_source_that_holds_nothing_unserved_deletes_nothing_and_a_malformed_id_is_unknown()
    {
        await using var hub = await StartAsync(Connector(_publisher.PractitionerIds));
        await SyncAsync(hub);
        var before = await TotalAsync(hub, _publisher.PractitionerIds);

        var purged = await PurgeAsync(hub, Instance);
        var malformed = await hub.Http.PostAsync("admin/connectors/NOT%20AN%20ID/purge", null);

        Assert.Multiple(async () =>
        {
            Assert.That(purged.GetProperty("purged").GetProperty("total").GetInt32(), Is.Zero);
            Assert.That(await TotalAsync(hub, _publisher.PractitionerIds), Is.EqualTo(before));
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private Task<RunningHub> StartAsync(Dictionary<string, string> settings, TimeProvider? clock = null)
    {
        foreach (var (key, value) in _database.Settings)
        {
            settings[key] = value;
        }

        return RunningHub.StartAsync(settings, clock is null ? null : services => services.AddSingleton(clock));
    }

    private Dictionary<string, string> Connector(IEnumerable<string> practitioners) =>
        RunningHub.Connector(Instance, _publisher.BaseUrl, practitioners, schedule: "manual");

    private static async Task<JsonElement> SyncAsync(RunningHub hub)
    {
        var response = await hub.Http.PostAsync($"admin/connectors/{Instance}/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("succeeded"), summary.ToString());
        return summary;
    }

    private static async Task<JsonElement> PurgeAsync(RunningHub hub, string source)
    {
        var response = await hub.Http.PostAsync($"admin/connectors/{source}/purge", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ConnectorAsync(RunningHub hub, string id)
    {
        var rows = await hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors");
        return rows.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
    }

    private static async Task<int> TotalAsync(RunningHub hub, IEnumerable<string> practitioners)
    {
        var now = DateTimeOffset.UtcNow;
        var total = 0;
        foreach (var chunk in practitioners.Chunk(25))
        {
            var query = $"_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Iso(now.AddHours(-1))}&start=le{Iso(now.AddDays(4))}&status=free&schedule.actor:Practitioner.identifier="
                + string.Join(",", chunk.Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));
            var bundle = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync("fhir/Slot?" + query), HttpStatusCode.OK);
            total += bundle.Total ?? 0;
        }

        return total;
    }

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
