using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// src/Sas.Interop.Core/truth.md, "Roster and configuration", for structure agendas: a structure (FINESS) removed from
/// an instance's <c>Organizations</c> roster is not served from the next start-up on, by search or by id, its rows
/// show as orphaned (structure, place, schedule) and a purge deletes exactly those.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class StructureAgendaRosterTests
{
    private const string Instance = "cds";
    private PublisherSimulator _publisher = null!;
    private TestDatabase _database = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "cds", Kind = SimulatedPublisherKind.Structure, AssociationCount = 4, Seed = 21, Days = 3 }, CancellationToken.None);
        _database = await TestDatabase.CreateAsync();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _database.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task A_structure_removed_from_the_roster_is_not_served_after_the_restart_and_can_be_purged()
    {
        var all = _publisher.OrganizationIds;
        var removed = all[1];
        var kept = all.Where(id => id != removed).ToList();
        List<string> removedUrls;
        await using (var before = await StartAsync(all))
        {
            await SyncAsync(before);
            var answer = await SearchAsync(before, [removed]);
            Assert.That(answer.Total, Is.GreaterThan(0), "the structure has slots while in the roster");
            removedUrls = [.. answer.Entry.Select(e => e.FullUrl)];
        }

        await using var after = await StartAsync(kept);
        var others = (await SearchAsync(after, kept)).Total;
        Assert.Multiple(async () =>
        {
            Assert.That((await SearchAsync(after, [removed])).Total, Is.Zero, "withdrawn at start-up, before any sync");
            Assert.That(others, Is.GreaterThan(0));
            foreach (var url in removedUrls)
            {
                Assert.That((await after.Http.GetAsync(PathOf(url))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
            }
        });

        var orphaned = (await ConnectorAsync(after)).GetProperty("orphaned");
        Assert.Multiple(() =>
        {
            Assert.That(orphaned.GetProperty("organizations").GetInt32(), Is.EqualTo(1));
            Assert.That(orphaned.GetProperty("locations").GetInt32(), Is.EqualTo(1));
            Assert.That(orphaned.GetProperty("schedules").GetInt32(), Is.EqualTo(1));
            Assert.That(orphaned.GetProperty("slots").GetInt32(), Is.Zero);
        });

        var response = await after.Http.PostAsync($"admin/connectors/{Instance}/purge", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That((await ConnectorAsync(after)).GetProperty("orphaned").GetProperty("total").GetInt32(), Is.Zero);
            Assert.That((await SearchAsync(after, kept)).Total, Is.EqualTo(others), "a purge never touches served data");
        });
    }

    // fullUrls carry the first hub's base; the second hub listens elsewhere.
    private static string PathOf(string fullUrl) => fullUrl[(fullUrl.IndexOf("/fhir/", StringComparison.Ordinal) + 1)..];

    private Task<RunningHub> StartAsync(IEnumerable<string> structures)
    {
        var settings = new Dictionary<string, string>
        {
            [$"Connectors:{Instance}:Type"] = "sas-fhir",
            [$"Connectors:{Instance}:BaseUrl"] = _publisher.BaseUrl,
            [$"Connectors:{Instance}:Schedule"] = "manual",
            [$"Connectors:{Instance}:Flow"] = "structure",
        };
        var i = 0;
        foreach (var id in structures)
        {
            settings[$"Connectors:{Instance}:Organizations:{i++}"] = id;
        }

        foreach (var (key, value) in _database.Settings)
        {
            settings[key] = value;
        }

        return RunningHub.StartAsync(settings);
    }

    private static async Task SyncAsync(RunningHub hub)
    {
        var response = await hub.Http.PostAsync($"admin/connectors/{Instance}/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("succeeded"), summary.ToString());
    }

    private static async Task<JsonElement> ConnectorAsync(RunningHub hub)
    {
        var rows = await hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors");
        return rows.EnumerateArray().Single(r => r.GetProperty("id").GetString() == Instance);
    }

    private static async Task<Bundle> SearchAsync(RunningHub hub, IEnumerable<string> structures)
    {
        var now = DateTimeOffset.UtcNow;
        var query = "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
            + $"&_has:Slot:schedule:start=ge{Iso(now.AddHours(-1))}&_has:Slot:schedule:start=le{Iso(now.AddDays(4))}&_has:Slot:schedule:status=free"
            + "&actor:Location.organization.identifier=" + string.Join(",", structures.Select(id => "urn:oid:1.2.250.1.71.4.2.2%7C" + id));
        return await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync("fhir/Schedule?" + query + "&_count=1000"), HttpStatusCode.OK);
    }

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
