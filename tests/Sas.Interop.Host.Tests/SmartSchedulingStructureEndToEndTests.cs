using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.SmartScheduling;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #18 item 2 for SMART Scheduling Links, whose Schedules are Location-only by spec: a feed (simulator) → a
/// <c>smart-scheduling</c> instance with <c>Flow: structure</c> and a roster of FINESS → the store → the Schedule
/// search by structure, <c>/admin/kpis</c>, the feed-quality report, roster removal and incremental runs; beside a
/// <c>Flow: ps</c> instance on the same feed that behaves as before.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class SmartSchedulingStructureEndToEndTests
{
    private const string Structures = "ssl-cds";
    private const string Practitioners = "ssl";
    private const string Tre66 = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";

    [Test]
    public async Task A_structure_feed_is_served_by_the_Schedule_search_by_FINESS_and_counted_and_its_site_without_FINESS_reported()
    {
        // One practitioner and four structures: three with a FINESS (two in the roster), the last without.
        await using var ssl = await StartFeedAsync(seed: 51);
        var roster = ssl.StructureIds.Take(2).ToList();
        var settings = Settings(ssl, roster);
        settings[$"Connectors:{Structures}:StructureType"] = "MSP";
        settings[$"Connectors:{Practitioners}:Type"] = "smart-scheduling";
        settings[$"Connectors:{Practitioners}:BaseUrl"] = ssl.BaseUrl;
        settings[$"Connectors:{Practitioners}:Schedule"] = "manual";
        settings[$"Connectors:{Practitioners}:Practitioners:0"] = ssl.PractitionerIds[0];
        await using var hub = await RunningHub.StartAsync(settings);

        // The sync asks for [its start's minute, + 72 h].
        var asked = DateTimeOffset.UtcNow;
        asked = new DateTimeOffset(asked.Year, asked.Month, asked.Day, asked.Hour, asked.Minute, 0, TimeSpan.Zero);
        await SyncAsync(hub, Structures);
        await SyncAsync(hub, Practitioners);

        var answer = await SearchAsync(hub, roster);
        var resources = answer.Entry.Select(e => e.Resource).ToList();
        var schedules = resources.OfType<Schedule>().ToList();
        var locations = resources.OfType<Location>().ToList();
        var organizations = resources.OfType<Organization>().ToList();
        var served = resources.OfType<Slot>().ToList();
        var sites = ssl.Locations().Where(l => l.Identifier.Any(i => roster.Contains(i.Value))).Select(l => l.Id.Replace("-loc-", "-sch-", StringComparison.Ordinal)).ToHashSet();
        var published = ssl.Slots().Where(s => s.Status == Slot.SlotStatus.Free && sites.Contains(s.Schedule.Reference["Schedule/".Length..]) && s.Start >= asked && s.Start <= asked.AddHours(72)).ToList();
        var kpis = (await hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis")).GetProperty("totals").GetProperty("byStructure");
        var quality = await hub.Http.GetFromJsonAsync<JsonElement>($"admin/connectors/{Structures}/quality");
        var missing = quality.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "missing-element");
        var practitionerQuality = await hub.Http.GetFromJsonAsync<JsonElement>($"admin/connectors/{Practitioners}/quality");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(published, Is.Not.Empty, "the structures publish free slots in the window");
            Assert.That(served.Select(s => (s.Start, s.End)).Order(), Is.EqualTo(published.Select(s => (s.Start, s.End)).Order()), "the structures' free slots, as the feed lists them");
            Assert.That(answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource), Has.All.InstanceOf<Schedule>());
            Assert.That(schedules.SelectMany(s => s.Actor).Select(a => a.Reference), Has.All.StartWith("Location/"), "no practitioner: the structure's site");
            Assert.That(locations.Select(l => l.Identifier[0].Value).Order(), Is.EqualTo(roster.Order()), "each site with its FINESS");
            Assert.That(locations.Select(l => l.Name), Has.All.StartWith("Centre de santé "));
            Assert.That(organizations.Select(o => (o.Identifier.Single().System, o.Identifier.Single().Value)).Order(), Is.EqualTo(roster.Order().Select(id => ("urn:oid:1.2.250.1.71.4.2.2", id))), "each structure by its 1+FINESS");
            Assert.That(organizations.Select(o => o.Type.Single().Coding.Single()).Select(c => (c.System, c.Code)).Distinct(), Is.EqualTo(new[] { (Tre66, "603") }), "StructureType MSP");
            Assert.That(kpis.GetProperty("MSP").GetInt32(), Is.EqualTo(published.Count), "byStructure counts every free slot held");
            Assert.That(kpis.GetProperty("OTHER").GetInt32(), Is.Zero);
            Assert.That(missing.GetProperty("examples")[0].GetProperty("nativeId").GetString(), Is.EqualTo(ssl.StructureScheduleIds[^1]), "the site without FINESS is a feed-quality issue");
            Assert.That(missing.GetProperty("examples")[0].GetProperty("message").GetString(), Does.Contain("carries no FINESS or SIRET"));
            Assert.That(quality.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()), Is.EqualTo(new[] { "missing-element" }), "the structure outside the roster and the practitioner are not issues");

            // The Flow 'ps' instance on the same feed: its practitioner served, the Location-only Schedules reported as before.
            Assert.That(practitionerQuality.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()), Is.EqualTo(new[] { "structure-agenda" }));
        }

        // Reads by id serve exactly the entries' resources.
        foreach (var entry in answer.Entry.DistinctBy(e => e.FullUrl).Where(e => e.Resource is not Slot).Concat(answer.Entry.Where(e => e.Resource is Slot).Take(3)))
        {
            var read = await FhirAssert.ReadAsync<Resource>(await hub.Http.GetAsync(entry.FullUrl), HttpStatusCode.OK);
            Assert.That(read.IsExactly(entry.Resource), Is.True, entry.FullUrl);
        }

        var practitionerSlots = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?start=ge{Iso(Held.From)}&start=le{Iso(Held.To)}&status=free&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C{ssl.PractitionerIds[0]}"), HttpStatusCode.OK);
        Assert.That(practitionerSlots.Total, Is.GreaterThan(0));
    }

    [Test]
    public async Task A_structure_removed_from_the_roster_is_withdrawn_and_stays_so_and_one_removed_from_the_configuration_at_the_restart()
    {
        await using var ssl = await StartFeedAsync(seed: 52);
        var (removed, dropped, kept) = (ssl.StructureIds[0], ssl.StructureIds[1], ssl.StructureIds[2]);
        await using var database = await TestDatabase.CreateAsync();
        await using (var hub = await RunningHub.StartAsync(WithDatabase(Settings(ssl, [removed, dropped, kept]), database)))
        {
            await SyncAsync(hub, Structures);
            Assert.That((await SearchAsync(hub, [removed])).Total, Is.GreaterThan(0), "served while in the roster");

            var deleted = await hub.Http.DeleteAsync($"admin/connectors/{Structures}/roster/{removed}");
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await deleted.Content.ReadAsStringAsync());
            var report = await deleted.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(report.GetProperty("withdrawnSlots").GetInt32(), Is.GreaterThan(0));
            Assert.That((await SearchAsync(hub, [removed])).Total, Is.Zero, "withdrawn by the removal");

            await SyncAsync(hub, Structures);
            Assert.That((await SearchAsync(hub, [removed])).Total, Is.Zero, "not fetched again");
            Assert.That((await SearchAsync(hub, [dropped, kept])).Total, Is.GreaterThan(0));
        }

        // The configuration no longer lists 'dropped' (nor 'removed', already gone): withdrawn at start-up, before any sync.
        await using var restarted = await RunningHub.StartAsync(WithDatabase(Settings(ssl, [kept]), database));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await SearchAsync(restarted, [dropped])).Total, Is.Zero);
            Assert.That((await SearchAsync(restarted, [kept])).Total, Is.GreaterThan(0));
        }
    }

    [Test]
    public async Task An_incremental_run_asks_since_and_a_booked_structure_slot_stops_being_served()
    {
        await using var ssl = await StartFeedAsync(seed: 53);
        var structure = ssl.StructureIds[0];
        await using var hub = await RunningHub.StartAsync(Settings(ssl, [structure]));
        await SyncAsync(hub, Structures);
        var before = (await SearchAsync(hub, [structure])).Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        var booked = before.First();
        var nativeId = ssl.Slots().Single(s => s.Start == booked.Start && s.Schedule.Reference == "Schedule/" + ssl.StructureScheduleIds[0]).Id;
        ssl.Book(nativeId);

        await SyncAsync(hub, Structures);

        var after = (await SearchAsync(hub, [structure])).Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ssl.Requests.Last(r => r.StartsWith("/ssl/$bulk-publish", StringComparison.Ordinal)), Does.Contain("_since="), "the second run is incremental");
            Assert.That(after.Select(s => s.Start), Does.Not.Contain(booked.Start), "the booked slot is no longer served");
            Assert.That(after, Has.Count.EqualTo(before.Count - 1), "the others stay");
        }
    }

    [TestCase("Organizations", null, "Organizations is required for Flow 'structure'")]
    [TestCase("StructureType", "hospital", "StructureType 'hospital' is unknown: 'CDS' (centres de santé) or 'MSP'")]
    [TestCase("Practitioners:0", "810000000001", "Practitioners is not used by Flow 'structure'")]
    [TestCase("Organizations:0", "41234567891", "'41234567891' is not a FINESS or a SIRET")]
    public void A_misconfigured_structure_instance_stops_the_start_up_with_a_readable_message(string key, string? value, string message)
    {
        var settings = new Dictionary<string, string>
        {
            [$"Connectors:{Structures}:Type"] = "smart-scheduling",
            [$"Connectors:{Structures}:BaseUrl"] = "http://127.0.0.1:9/ssl",
            [$"Connectors:{Structures}:Schedule"] = "manual",
            [$"Connectors:{Structures}:Flow"] = "structure",
            [$"Connectors:{Structures}:Organizations:0"] = "1750000000",
        };
        if (value is null)
        {
            settings.Remove($"Connectors:{Structures}:{key}:0");
        }
        else
        {
            settings[$"Connectors:{Structures}:{key}"] = value;
        }

        var error = Assert.ThrowsAsync<ConnectorConfigurationException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(error!.Message, Does.Contain(message).And.Contain(Structures));
    }

    // What the connector asked for on its sync (72 h from then), widened by an hour either side.
    private static (DateTimeOffset From, DateTimeOffset To) Held => (DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(73));

    private static Task<SmartSchedulingSimulator> StartFeedAsync(int seed) => SmartSchedulingSimulator.StartAsync(
        new SmartSchedulingSimulatorOptions { Name = "e2e-cds", PractitionerCount = 1, StructureSchedules = 4, StructuresWithoutIdentifier = 1, Seed = seed, Days = 4 },
        CancellationToken.None);

    private static Dictionary<string, string> Settings(SmartSchedulingSimulator ssl, IReadOnlyList<string> structures)
    {
        var settings = new Dictionary<string, string>
        {
            [$"Connectors:{Structures}:Type"] = "smart-scheduling",
            [$"Connectors:{Structures}:BaseUrl"] = ssl.BaseUrl,
            [$"Connectors:{Structures}:Schedule"] = "manual",
            [$"Connectors:{Structures}:WindowHours"] = "72",
            [$"Connectors:{Structures}:Flow"] = "structure",

            // KPIs read today's snapshot: one per sync.
            ["Admin:SnapshotEvery"] = "00:00:00",
        };
        for (var i = 0; i < structures.Count; i++)
        {
            // Bare FINESS: the hub prefixes it.
            settings[$"Connectors:{Structures}:Organizations:{i.ToString(CultureInfo.InvariantCulture)}"] = structures[i][1..];
        }

        return settings;
    }

    private static Dictionary<string, string> WithDatabase(Dictionary<string, string> settings, TestDatabase database)
    {
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task SyncAsync(RunningHub hub, string instance)
    {
        var response = await hub.Http.PostAsync($"admin/connectors/{instance}/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("succeeded"), summary.ToString());
    }

    private static async Task<Bundle> SearchAsync(RunningHub hub, IEnumerable<string> structures)
    {
        var (from, to) = Held;
        var query = "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
            + $"&_has:Slot:schedule:start=ge{Iso(from)}&_has:Slot:schedule:start=le{Iso(to)}&_has:Slot:schedule:status=free"
            + "&actor:Location.organization.identifier=" + string.Join(",", structures.Select(id => "urn:oid:1.2.250.1.71.4.2.2%7C" + id));
        return await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync("fhir/Schedule?" + query + "&_count=1000"), HttpStatusCode.OK);
    }

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
