using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Mass enrolment (issue 18, item 9; truth.md "Roster and configuration"): the roster is the database's, configuration
/// seeds it. An uploaded practitioner is fetched by the next sync and served, survives a restart, is seen by a second
/// hub on the same database, and a removal stops serving it at once, on every node.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class RosterEnrolmentTests
{
    private const string Instance = "sim";
    private PublisherSimulator _publisher = null!;
    private TestDatabase _database = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "enrolment", PractitionerCount = 10, Seed = 23, Days = 3 }, CancellationToken.None);
        _database = await TestDatabase.CreateAsync();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _database.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task An_uploaded_practitioner_is_fetched_served_kept_across_restarts_seen_by_a_second_node_and_removed_at_once()
    {
        var all = _publisher.PractitionerIds;
        var configured = all.Take(3).ToList();
        var uploaded = all.Skip(3).ToList();
        await using (var hub = await StartAsync(Connector(configured)))
        {
            await SyncAsync(hub, expectedAsked: 3);
            Assert.That(await TotalAsync(hub, uploaded), Is.Zero, "not in the roster yet");

            // Semicolons, a BOM, a header, a bare 11-digit RPPS and labels with accents, as a French spreadsheet writes them.
            var csv = new StringBuilder("\uFEFFRPPS;Nom;E-mail\r\n");
            for (var i = 0; i < uploaded.Count; i++)
            {
                var id = i % 2 == 0 ? uploaded[i][1..] : uploaded[i];
                csv.Append(CultureInfo.InvariantCulture, $"{id};Dr Hélène Ça {i};ps{i}@example.fr\r\n");
            }

            var report = await UploadAsync(hub, csv.ToString());
            Assert.Multiple(() =>
            {
                Assert.That(report.GetProperty("accepted").GetInt32(), Is.EqualTo(uploaded.Count));
                Assert.That(report.GetProperty("rejectedCount").GetInt32(), Is.Zero, report.ToString());
                Assert.That(report.GetProperty("size").GetInt32(), Is.EqualTo(all.Count));
            });

            // No restart: the next sync asks the uploaded practitioners too, and their slots are served.
            await SyncAsync(hub, expectedAsked: all.Count);
            Assert.That(await TotalAsync(hub, uploaded), Is.GreaterThan(0));
            var again = await UploadAsync(hub, string.Join("\n", uploaded));
            Assert.That(again.GetProperty("alreadyPresent").GetInt32(), Is.EqualTo(uploaded.Count));
        }

        // Restarted with the same configuration: the uploaded keys stay (and so do their slots).
        await using var first = await StartAsync(Connector(configured));
        var roster = await first.Http.GetFromJsonAsync<JsonElement>($"admin/connectors/{Instance}/roster");
        var entries = roster.GetProperty("entries").EnumerateArray().ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(entries.Select(e => e.GetProperty("nationalId").GetString()), Is.EquivalentTo(all));
            Assert.That(entries.Count(e => e.GetProperty("origin").GetString() == "upload"), Is.EqualTo(uploaded.Count));
            Assert.That(entries.Single(e => e.GetProperty("nationalId").GetString() == uploaded[0]).GetProperty("label").GetString(), Is.EqualTo("Dr Hélène Ça 0"));
            Assert.That(await TotalAsync(first, uploaded), Is.GreaterThan(0), "a restart withdraws nothing uploaded");
            Assert.That((await ConnectorAsync(first)).GetProperty("rosterSize").GetInt32(), Is.EqualTo(all.Count));
        });

        // A second node on the same database: the same roster, and its own sync asks it.
        await using var second = await StartAsync(Connector(configured));
        await SyncAsync(second, expectedAsked: all.Count);

        // A removal on one node stops serving on both, before any sync.
        var removed = uploaded[1];
        var deleted = await first.Http.DeleteAsync($"admin/connectors/{Instance}/roster/{removed}");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await deleted.Content.ReadAsStringAsync());
        var removal = await deleted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(removal.GetProperty("withdrawnSlots").GetInt32(), Is.GreaterThan(0));
            Assert.That(removal.GetProperty("stillConfigured").GetBoolean(), Is.False);
            Assert.That(await TotalAsync(first, [removed]), Is.Zero);
            Assert.That(await TotalAsync(second, [removed]), Is.Zero);
            Assert.That(await TotalAsync(second, uploaded.Where(id => id != removed)), Is.GreaterThan(0), "the others stay");
        });
        await SyncAsync(second, expectedAsked: all.Count - 1);
        Assert.That(await TotalAsync(first, [removed]), Is.Zero, "no sync brings it back");
        Assert.That((await first.Http.DeleteAsync($"admin/connectors/{Instance}/roster/{removed}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_key_removed_from_the_configuration_leaves_the_roster_but_an_uploaded_one_stays()
    {
        var all = _publisher.PractitionerIds;
        await using (var hub = await StartAsync(Connector(all.Take(3))))
        {
            await UploadAsync(hub, all[5]);
            await SyncAsync(hub, expectedAsked: 4);
        }

        await using var after = await StartAsync(Connector(all.Take(2)));
        var roster = await after.Http.GetFromJsonAsync<JsonElement>($"admin/connectors/{Instance}/roster");
        Assert.Multiple(async () =>
        {
            Assert.That(roster.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("nationalId").GetString()), Is.EquivalentTo(new[] { all[0], all[1], all[5] }));
            Assert.That(await TotalAsync(after, [all[2]]), Is.Zero, "withdrawn at start-up, as before");
            Assert.That(await TotalAsync(after, [all[5]]), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task An_upload_reports_each_bad_line_and_adds_the_good_ones()
    {
        var all = _publisher.PractitionerIds;
        await using var hub = await StartAsync(Connector(all.Take(1)));
        var badKey = all[1][..^1] + (char)('0' + ((all[1][^1] - '0' + 1) % 10));
        var csv = string.Join("\n",
            $"{all[1]},Dr A,a@example.fr",
            $"{all[2]},\"Dr B, cabinet\",",
            $"{badKey},Dr typo,",
            "12345,Dr short,",
            $"{all[3]},Dr C,not-an-email",
            $"{all[2]},Dr B again,",
            $"{all[0]},already there,",
            "123456789,ADELI sans clé,",
            $"{all[4]},a,b@example.fr,extra",
            string.Empty,
            $"\"{all[5]}");
        var report = await UploadAsync(hub, csv);
        var rejected = report.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt64(), r => r.GetProperty("reason").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("accepted").GetInt32(), Is.EqualTo(3), report.ToString());
            Assert.That(report.GetProperty("alreadyPresent").GetInt32(), Is.EqualTo(1));
            Assert.That(rejected, Is.EquivalentTo(new Dictionary<long, string?>
            {
                [3] = "check-digit",
                [4] = "invalid-identifier",
                [5] = "invalid-email",
                [6] = "duplicate",
                [9] = "too-many-columns",
                [11] = "malformed-line",
            }));
        });

        var roster = await hub.Http.GetFromJsonAsync<JsonElement>($"admin/connectors/{Instance}/roster");
        Assert.That(roster.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("nationalId").GetString()), Is.EquivalentTo(new[] { all[0], all[1], all[2], "0123456789" }));

        var csvExport = await hub.Http.GetAsync($"admin/connectors/{Instance}/roster?format=csv");
        var exported = await csvExport.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(csvExport.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(exported, Does.Contain("\"Dr B, cabinet\""));
            Assert.That(exported, Does.StartWith("national_id,kind,label,email,origin,added_at"));
        });
    }

    [Test]
    public async Task An_upload_is_refused_whole_for_an_unknown_instance_a_wrong_type_a_body_too_large_or_bytes_not_utf8()
    {
        await using var hub = await StartAsync(Connector(_publisher.PractitionerIds.Take(1)));
        var unknown = await hub.Http.PostAsync("admin/connectors/nope/roster", Csv(_publisher.PractitionerIds[1]));
        var json = await hub.Http.PostAsync($"admin/connectors/{Instance}/roster", new StringContent("[]", Encoding.UTF8, "application/json"));
        var large = await hub.Http.PostAsync($"admin/connectors/{Instance}/roster", Csv(new string('1', 4 * 1024 * 1024 + 1)));
        var latin1 = new ByteArrayContent([.. Encoding.ASCII.GetBytes(_publisher.PractitionerIds[1] + ",Dr "), 0xC9, (byte)'\n']);
        latin1.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var notUtf8 = await hub.Http.PostAsync($"admin/connectors/{Instance}/roster", latin1);
        Assert.Multiple(async () =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(large.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(notUtf8.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            var roster = await hub.Http.GetFromJsonAsync<JsonElement>($"admin/connectors/{Instance}/roster");
            Assert.That(roster.GetProperty("size").GetInt32(), Is.EqualTo(1), "nothing added");
        });
    }

    [Test]
    public async Task An_sos_instance_refuses_a_finess_that_a_structure_instance_takes()
    {
        const string Siret = "34173748400020";
        const string Finess = "1750000000";
        var settings = new Dictionary<string, string>();
        foreach (var (id, flow) in new[] { ("sos", "sos"), ("cds", "structure") })
        {
            settings[$"Connectors:{id}:Type"] = "sas-fhir";
            settings[$"Connectors:{id}:BaseUrl"] = _publisher.BaseUrl;
            settings[$"Connectors:{id}:Schedule"] = "manual";
            settings[$"Connectors:{id}:Flow"] = flow;
            settings[$"Connectors:{id}:Organizations:0"] = Siret;
        }

        await using var hub = await StartAsync(settings);
        var sos = await (await hub.Http.PostAsync("admin/connectors/sos/roster", Csv($"{Finess},Centre de santé\n3{Siret[..^1]}{(char)('0' + ((Siret[^1] - '0' + 1) % 10))}"))).Content.ReadFromJsonAsync<JsonElement>();
        var cds = await (await hub.Http.PostAsync("admin/connectors/cds/roster", Csv(Finess + ",Centre de santé"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(
                sos.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt64(), r.GetProperty("reason").GetString())),
                Is.EqualTo(new[] { (1L, "unsupported-by-connector"), (2L, "check-digit") }),
                sos.ToString());
            Assert.That(sos.GetProperty("accepted").GetInt32(), Is.Zero);
            Assert.That(cds.GetProperty("accepted").GetInt32(), Is.EqualTo(1), cds.ToString());
        });
    }

    private Task<RunningHub> StartAsync(Dictionary<string, string> settings)
    {
        foreach (var (key, value) in _database.Settings)
        {
            settings[key] = value;
        }

        return RunningHub.StartAsync(settings);
    }

    private Dictionary<string, string> Connector(IEnumerable<string> practitioners) =>
        RunningHub.Connector(Instance, _publisher.BaseUrl, practitioners, schedule: "manual");

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> UploadAsync(RunningHub hub, string csv)
    {
        var response = await hub.Http.PostAsync($"admin/connectors/{Instance}/roster", Csv(csv));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task SyncAsync(RunningHub hub, int expectedAsked)
    {
        var response = await hub.Http.PostAsync($"admin/connectors/{Instance}/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("succeeded"), summary.ToString());
            Assert.That(summary.GetProperty("practitionersAsked").GetInt32(), Is.EqualTo(expectedAsked));
        });
    }

    private static async Task<JsonElement> ConnectorAsync(RunningHub hub)
    {
        var rows = await hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors");
        return rows.EnumerateArray().Single(r => r.GetProperty("id").GetString() == Instance);
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
