using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The admin API on a store filled by real syncs: simulator → sas-fhir connector → SQLite, with a publisher
/// feed doctored to carry a city and a motive full of CSV specials and two slots the normaliser must reject.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class AdminApiTests
{
    private const string AwkwardCity = "Saint-Denis, \"La Plaine\"\nbâtiment B";
    private const string AwkwardMotive = "Consultation, \"urgente\"\r\nsuite";
    private const string UnknownPractitioner = "810999999999";
    private const string HostilePostalCode = "=HYPERLINK(\"http://evil\",\"pc\")";
    private const string HostileCity = "Agen;=1+1;";

    private PublisherSimulator _publisher = null!;
    private RunningHub _hub = null!;
    private JsonElement _syncSummary;
    private string _awkwardPostalCode = null!;
    private string _hostilePractitioner = null!;
    private List<string> _rejectedSlotIds = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "admin", PractitionerCount = 8, Seed = 11, Days = 4 }, CancellationToken.None);
        var resources = _publisher.Resources.ToList();
        var role = resources.OfType<PractitionerRole>().First();
        var location = role.Contained.OfType<Location>().Single();
        location.Address.City = AwkwardCity;
        _awkwardPostalCode = location.Address.PostalCode;

        // Another practitioner's place, with a formula for a postal code and a city French-locale Excel splits on ';'.
        var hostileRole = resources.OfType<PractitionerRole>().First(r => r.Practitioner.Reference != role.Practitioner.Reference);
        _hostilePractitioner = resources.OfType<Practitioner>().Single(p => "Practitioner/" + p.Id == hostileRole.Practitioner.Reference).Identifier[0].Value;
        var hostileLocation = hostileRole.Contained.OfType<Location>().Single();
        hostileLocation.Address.PostalCode = HostilePostalCode;
        hostileLocation.Address.City = HostileCity;
        // Free slots that start well inside the window the hub fetches (from now).
        var slots = resources.OfType<Slot>().Where(s => s.Status == Slot.SlotStatus.Free && s.Start > DateTimeOffset.UtcNow.AddHours(2) && s.Start < DateTimeOffset.UtcNow.AddHours(48)).ToList();
        slots[0].ServiceType.Add(new CodeableConcept { Text = AwkwardMotive });

        // Ends before it starts: the normaliser drops these.
        _rejectedSlotIds = slots.Skip(1).Take(2).Select(s => s.Id).ToList();
        foreach (var slot in slots.Skip(1).Take(2))
        {
            slot.End = slot.Start!.Value.AddMinutes(-15);
        }

        _publisher.ReplaceResources(resources);

        var settings = RunningHub.Connector("sim", _publisher.BaseUrl, _publisher.PractitionerIds.Append(UnknownPractitioner));
        foreach (var (key, value) in RunningHub.Connector("other", _publisher.BaseUrl, _publisher.PractitionerIds.Take(2)))
        {
            settings[key] = value;
        }

        // These tests compare today's KPI snapshot with the slots held right now, after several syncs within seconds:
        // snapshot after every sync (the default coalesces them, tested in DailySnapshotObserverTests).
        settings["Admin:SnapshotEvery"] = "00:00:00";
        _hub = await RunningHub.StartAsync(settings);
        _syncSummary = await SyncAsync("sim");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task Connectors_report_health_latency_holdings_and_data_age()
    {
        var sim = (await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "sim");

        Assert.Multiple(() =>
        {
            Assert.That(sim.GetProperty("state").GetString(), Is.EqualTo("healthy"));
            Assert.That(sim.GetProperty("paused").GetBoolean(), Is.False);
            Assert.That(sim.GetProperty("slotCount").GetInt32(), Is.EqualTo(_syncSummary.GetProperty("slotsStored").GetInt32()));
            Assert.That(sim.GetProperty("practitionerCount").GetInt32(), Is.EqualTo(8), "the unknown roster id has no practitioner");
            Assert.That(sim.GetProperty("fetchSamples").GetInt32(), Is.GreaterThanOrEqualTo(1), "the start-up run and the manual one, one batch each");
            Assert.That(sim.GetProperty("fetchP95Ms").GetDouble(), Is.GreaterThanOrEqualTo(sim.GetProperty("fetchP50Ms").GetDouble()));
            Assert.That(sim.GetProperty("circuit").GetString(), Is.EqualTo("closed"));
            Assert.That(sim.GetProperty("dataAgeSeconds").GetInt64(), Is.GreaterThanOrEqualTo(0));
            Assert.That(sim.GetProperty("oldestSlotFetchedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(sim.GetProperty("lastRun").GetProperty("resourcesRejected").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_paused_instance_is_listed_as_paused_and_refuses_manual_syncs_until_resumed()
    {
        var paused = await _hub.Http.PostAsync("admin/connectors/other/pause", null);
        Assert.That(paused.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var refused = await _hub.Http.PostAsync("admin/connectors/other/sync", null);
        var other = (await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "other");
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(other.GetProperty("state").GetString(), Is.EqualTo("paused"));
            Assert.That(other.GetProperty("paused").GetBoolean(), Is.True);
            Assert.That(other.GetProperty("pausedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        });

        var resumed = await _hub.Http.PostAsync("admin/connectors/other/resume", null);
        Assert.That(resumed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var summary = await SyncAsync("other");
        Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
        other = (await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "other");
        Assert.That(other.GetProperty("paused").GetBoolean(), Is.False);
    }

    [TestCase("pause")]
    [TestCase("resume")]
    [TestCase("sync")]
    public async Task Controlling_an_unknown_instance_is_a_404(string action)
    {
        var response = await _hub.Http.PostAsync($"admin/connectors/nope/{action}", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Kpis_count_free_slots_by_mode_and_type_per_day_with_roster_gaps_and_searches()
    {
        var search = await _hub.Http.GetAsync($"fhir/Slot?start=ge{Iso(DateTimeOffset.UtcNow)}&start=le{Iso(DateTimeOffset.UtcNow.AddHours(72))}&status=free&schedule.actor:Practitioner.identifier={_publisher.PractitionerIds[0]}");
        Assert.That(search.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
        var from = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var kpis = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis?from={from}&to={to}&granularity=day");
        var csvRows = Rfc4180.Parse(await (await _hub.Http.GetAsync($"admin/export.csv?from={from}&to={to}")).Content.ReadAsStringAsync()).Count - 1;

        var periods = kpis.GetProperty("periods").EnumerateArray().ToList();
        var totals = kpis.GetProperty("totals");
        var gap = kpis.GetProperty("rosterWithoutSlots");
        Assert.Multiple(() =>
        {
            Assert.That(periods, Has.Count.EqualTo(6));
            Assert.That(periods[0].GetProperty("period").GetString(), Is.EqualTo(from));
            // In the evening the simulated agendas hold nothing more for today: no commune, so no snapshot row.
            Assert.That(periods[0].GetProperty("snapshotDays").GetInt32(), Is.EqualTo(periods[0].GetProperty("freeSlots").GetInt32() > 0 ? 1 : 0), "each sync writes today's snapshot");
            Assert.That(periods[1].GetProperty("liveDays").GetInt32(), Is.EqualTo(1), "future days are counted from the slots held");
            Assert.That(totals.GetProperty("freeSlots").GetInt32(), Is.EqualTo(csvRows), "the KPIs and the export count the same slots");
            Assert.That(totals.GetProperty("freeSlots").GetInt32(), Is.EqualTo(periods.Sum(p => p.GetProperty("freeSlots").GetInt32())));
            Assert.That(totals.GetProperty("byMode").GetProperty("AMB").GetInt32() + totals.GetProperty("byMode").GetProperty("HH").GetInt32() + totals.GetProperty("byMode").GetProperty("VR").GetInt32(),
                Is.GreaterThanOrEqualTo(totals.GetProperty("freeSlots").GetInt32()), "every generated slot has at least one mode");
            Assert.That(totals.GetProperty("byType").GetProperty("SNP").GetInt32(), Is.GreaterThan(0));
            Assert.That(totals.GetProperty("sasSearches").GetInt64(), Is.GreaterThanOrEqualTo(1));
            Assert.That(totals.GetProperty("appointmentsReceived").GetInt32(), Is.Zero);
            Assert.That(gap.GetProperty("practitioners").EnumerateArray().Select(p => p.GetProperty("nationalId").GetString()), Does.Contain(UnknownPractitioner));
            Assert.That(kpis.GetProperty("communeMethod").GetString(), Does.Contain("postal code"));
        });
    }

    [Test]
    public async Task Kpis_group_by_week_and_month_and_filter_by_commune()
    {
        var weekly = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis?granularity=week");
        var monthly = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis?granularity=month");
        var commune = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis?commune={_awkwardPostalCode}");
        var all = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis");
        var bad = await _hub.Http.GetAsync("admin/kpis?granularity=fortnight&from=yesterday");

        Assert.Multiple(() =>
        {
            Assert.That(weekly.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()), Is.All.Match(@"^\d{4}-W\d{2}$"));
            Assert.That(monthly.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()), Is.All.Match(@"^\d{4}-\d{2}$"));
            Assert.That(weekly.GetProperty("totals").GetProperty("freeSlots").GetInt32(), Is.EqualTo(all.GetProperty("totals").GetProperty("freeSlots").GetInt32()));
            Assert.That(commune.GetProperty("totals").GetProperty("freeSlots").GetInt32(), Is.InRange(1, all.GetProperty("totals").GetProperty("freeSlots").GetInt32()));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task The_export_is_a_UTF8_RFC4180_attachment_that_keeps_commas_quotes_and_newlines()
    {
        // From yesterday: slots that started since the sync are still held, and exported.
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var held = (await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "sim").GetProperty("slotCount").GetInt32();
        var response = await _hub.Http.GetAsync("admin/export.csv?from=" + yesterday);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = Rfc4180.Parse(Encoding.UTF8.GetString(bytes.AsSpan(3)));
        var header = rows[0].ToList();
        var awkward = rows.Skip(1).Where(r => r[header.IndexOf("city")] == AwkwardCity).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/csv; charset=utf-8"));
            Assert.That(response.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
            Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 BOM for Excel");
            Assert.That(header, Is.EqualTo(new[] { "slot_id", "practitioner_national_id", "practitioner_name", "association_siret", "address", "postal_code", "city", "commune", "department", "start", "end", "modes", "types", "motives", "source_instance", "source_last_updated", "fetched_at", "amb_duration_min", "amb_duration_source", "hh_duration_min", "hh_duration_source", "vr_duration_min", "vr_duration_source" }));
            Assert.That(rows.Skip(1), Has.All.Length.EqualTo(header.Count));
            Assert.That(rows.Skip(1).Count(r => r[header.IndexOf("source_instance")] == "sim"), Is.EqualTo(held), "every slot held starts within the export's range");
            Assert.That(awkward, Is.Not.Empty, "the city survives quoting");
            Assert.That(awkward[0][header.IndexOf("commune")], Is.EqualTo(_awkwardPostalCode + "-SAINT-DENIS-LA-PLAINE-BATIMENT-B"));
            Assert.That(rows.Skip(1).Select(r => r[header.IndexOf("motives")]), Has.Some.Contains(AwkwardMotive), "the motive survives quoting");
            Assert.That(rows.Skip(1).Select(r => r[header.IndexOf("start")]), Is.All.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"));
            Assert.That(rows.Skip(1).Select(r => r[header.IndexOf("slot_id")]), Is.All.StartsWith("sim.").Or.StartsWith("other."));
            Assert.That(rows.Skip(1).Select(r => r[header.IndexOf("practitioner_name")]), Is.All.Not.Empty);
        });
    }

    [Test]
    public async Task The_export_filters_by_commune_and_by_department()
    {
        var department = _awkwardPostalCode.StartsWith("20", StringComparison.Ordinal) ? (_awkwardPostalCode[2] is '0' or '1' ? "2A" : "2B") : _awkwardPostalCode[..2];
        var byCommune = Rfc4180.Parse((await _hub.Http.GetStringAsync($"admin/export.csv?communes={_awkwardPostalCode}-SAINT-DENIS-LA-PLAINE-BATIMENT-B"))[1..]);
        var byDepartment = Rfc4180.Parse((await _hub.Http.GetStringAsync($"admin/export.csv?department={department}"))[1..]);

        Assert.Multiple(() =>
        {
            Assert.That(byCommune.Skip(1), Is.Not.Empty);
            Assert.That(byCommune.Skip(1).Select(r => r[byCommune[0].IndexOf("city")]), Is.All.EqualTo(AwkwardCity));
            Assert.That(byDepartment.Skip(1).Select(r => r[byDepartment[0].IndexOf("department")]), Is.All.EqualTo(department));
            Assert.That(byDepartment.Count, Is.GreaterThanOrEqualTo(byCommune.Count));
        });
    }

    [Test]
    public async Task Feed_quality_lists_rejections_by_reason_with_examples()
    {
        var quality = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors/sim/quality");
        var reasons = quality.GetProperty("reasons").EnumerateArray().ToList();
        var examples = reasons.SelectMany(r => r.GetProperty("examples").EnumerateArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(quality.GetProperty("rejected").GetInt32(), Is.EqualTo(2));
            Assert.That(quality.GetProperty("runAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(examples.Where(e => e.GetProperty("rejected").GetBoolean()).Select(e => e.GetProperty("nativeId").GetString()), Is.EquivalentTo(_rejectedSlotIds));
            Assert.That(examples.Select(e => e.GetProperty("resourceType").GetString()), Has.Some.EqualTo("Slot"));
            Assert.That(examples.Select(e => e.GetProperty("message").GetString()), Is.All.Not.Empty);
            Assert.That(examples.Select(e => e.GetProperty("expression").GetString()), Has.Some.StartsWith("Slot."));
            Assert.That(reasons.Select(r => r.GetProperty("examples").GetArrayLength()), Is.All.LessThanOrEqualTo(5));
        });
        Assert.That((await _hub.Http.GetAsync("admin/connectors/nope/quality")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_postal_code_that_is_not_French_is_in_feed_quality_and_not_in_the_export()
    {
        var quality = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors/sim/quality?examples=10");
        var reason = quality.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "invalid-postal-code");
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = await _hub.Http.GetStringAsync("admin/export.csv?from=" + yesterday);
        var rows = Rfc4180.Parse(text[1..]);
        var header = rows[0].ToList();
        var hostile = rows.Skip(1).Where(r => r[header.IndexOf("practitioner_national_id")] == _hostilePractitioner && r[header.IndexOf("city")] == "Agen;'=1+1;").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(reason.GetProperty("keptWithFix").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(reason.GetProperty("rejected").GetInt32(), Is.Zero, "the place is kept");
            var example = reason.GetProperty("examples")[0];
            Assert.That(example.GetProperty("expression").GetString(), Is.EqualTo("PractitionerRole.contained.address.postalCode"));
            Assert.That(example.GetProperty("message").GetString(), Does.Contain("five digits"));
            Assert.That(hostile, Is.Not.Empty, "the place's slots are exported, the city neutralised");
            Assert.That(hostile.Select(r => r[header.IndexOf("postal_code")]), Is.All.Empty);
            Assert.That(hostile.Select(r => r[header.IndexOf("commune")]), Is.All.Empty);
            Assert.That(text, Does.Not.Contain("HYPERLINK"));
            Assert.That(text, Does.Contain(",\"Agen;'=1+1;\","), "quoted: French-locale Excel splits on ';'");
        });
    }

    // Every admin endpoint that takes dates, at and past the ends of DateOnly, and backwards.
    [TestCase("admin/kpis?from=0001-01-01", "from", true)]
    [TestCase("admin/kpis?from=1999-12-31&to=2000-01-31", "from", true)]
    [TestCase("admin/kpis?to=9999-12-31", "to", true)]
    [TestCase("admin/kpis?from=9999-12-20&to=9999-12-31&granularity=week", "from", true)]
    [TestCase("admin/kpis?from=9999-11-01&to=9999-12-31&granularity=month", "from", true)]
    [TestCase("admin/kpis?from=2099-12-01&to=2100-01-31&granularity=week", "to", true)]
    [TestCase("admin/kpis?from=2026-12-10&to=2026-12-01", "to", false)]
    [TestCase("admin/export.csv?to=9999-12-31", "to", true)]
    [TestCase("admin/export.csv?from=9999-12-31", "from", true)]
    [TestCase("admin/export.csv?from=0001-01-01", "from", true)]
    [TestCase("admin/export.csv?from=2099-12-31&to=2100-01-01", "to", true)]
    [TestCase("admin/export.csv?to=9999-12-31T23:59:59%2B00:00", "to", true)]
    [TestCase("admin/export.csv?from=0001-01-01T00:00:00Z", "from", true)]
    [TestCase("admin/export.csv?from=2026-12-10&to=2026-12-01", "to", false)]
    public async Task An_admin_date_out_of_range_or_backwards_is_a_400_naming_the_parameter(string path, string parameter, bool outOfRange)
    {
        using var response = await _hub.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.That(errors.TryGetProperty(parameter, out var messages), Is.True, body);
        if (outOfRange)
        {
            Assert.That(messages[0].GetString(), Does.Contain("2000-01-01 to 2099-12-31"), body);
        }
    }

    [TestCase("admin/kpis?from=2099-12-01&to=2099-12-31&granularity=week")]
    [TestCase("admin/kpis?from=2099-01-01&to=2099-12-31&granularity=month")]
    [TestCase("admin/kpis?from=2000-01-01&to=2000-01-31&granularity=week")]
    [TestCase("admin/export.csv?from=2099-12-31&to=2099-12-31")]
    [TestCase("admin/export.csv?from=2000-01-01&to=2000-01-01")]
    public async Task The_ends_of_the_admin_date_range_are_answered(string path)
    {
        using var response = await _hub.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Metrics_are_served_in_Prometheus_text_format()
    {
        await _hub.Http.GetAsync($"fhir/Slot?start=ge{Iso(DateTimeOffset.UtcNow)}&start=le{Iso(DateTimeOffset.UtcNow.AddHours(24))}&status=free&schedule.actor:Practitioner.identifier={_publisher.PractitionerIds[1]}");

        var response = await _hub.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
            Assert.That(text, Does.Contain("sas_interop_sync_runs_total{").And.Contain("instance=\"sim\"").And.Contain("status=\"succeeded\""));
            Assert.That(text, Does.Contain("sas_interop_connector_fetch_duration_seconds_bucket{"));
            Assert.That(text, Does.Contain("sas_interop_fhir_search_duration_seconds_count{"));
        });
    }

    [TestCase("admin/connectors")]
    [TestCase("admin/kpis")]
    [TestCase("admin/export.csv")]
    [TestCase("admin/connectors/sim/quality")]
    [TestCase("metrics")]
    public async Task Admin_endpoints_need_the_key(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_hub.BaseUrl) };
        var none = await anonymous.GetAsync(path);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
        wrong.Headers.Add("X-Api-Key", RunningHub.AdminKey + "x");
        var wrongKey = await anonymous.SendAsync(wrong);
        var inQuery = await anonymous.GetAsync(path + "?api_key=" + RunningHub.AdminKey);

        Assert.Multiple(() =>
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none.Headers.WwwAuthenticate.ToString(), Does.Contain("X-Api-Key"));
            Assert.That(wrongKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(inQuery.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task The_dashboard_shell_is_served_without_a_key_but_not_the_facade_behind_it()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_hub.BaseUrl) };
        var page = await anonymous.GetAsync("admin");
        var script = await anonymous.GetAsync("admin/dashboard.js");

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private async Task<JsonElement> SyncAsync(string instance)
    {
        var response = await _hub.Http.PostAsync($"admin/connectors/{instance}/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
