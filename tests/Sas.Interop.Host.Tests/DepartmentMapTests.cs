using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Host.Admin;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The administrators' map: <c>/admin/kpis/departments</c> from publisher FHIR whose places sit in known departments
/// (Agen 47, Ajaccio 2A, Fort-de-France 972, and one place without a usable postal code), and the outline it is drawn on.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class DepartmentMapTests
{
    // Postal code → the department the hub must count its place's slots in ("" = none: not a French postal code).
    private static readonly (string PostalCode, string Department)[] Places =
    [
        ("47000", "47"), ("20090", "2A"), ("97200", "972"), ("4700", string.Empty),
    ];

    private PublisherSimulator _publisher = null!;
    private RunningHub _hub = null!;
    private string _from = null!;
    private string _to = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "map", PractitionerCount = 8, Seed = 21, Days = 4 }, CancellationToken.None);
        var resources = _publisher.Resources.ToList();
        var locations = resources.OfType<Location>()
            .Concat(resources.OfType<DomainResource>().SelectMany(r => r.Contained.OfType<Location>()))
            .ToList();
        for (var i = 0; i < locations.Count; i++)
        {
            locations[i].Address ??= new Address { City = "Ville" };
            locations[i].Address.PostalCode = Places[i % Places.Length].PostalCode;
        }

        _publisher.ReplaceResources(resources);
        _hub = await RunningHub.StartAsync(RunningHub.Connector("map", _publisher.BaseUrl, _publisher.PractitionerIds));
        (await _hub.Http.PostAsync("admin/connectors/map/sync", null)).EnsureSuccessStatusCode();

        // From tomorrow (Paris): days counted live from the slots held, none from today's snapshot.
        var tomorrow = StatisticsCalendar.DayOf(DateTimeOffset.UtcNow).AddDays(1);
        _from = tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _to = tomorrow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task Free_slots_are_counted_in_the_department_of_their_place_and_add_up_to_the_kpis()
    {
        var map = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis/departments?from={_from}&to={_to}");
        var kpis = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis?from={_from}&to={_to}");
        var exported = await ExportedPerDepartmentAsync($"from={_from}&to={_to}");

        var departments = map.GetProperty("departments").EnumerateArray().ToDictionary(d => d.GetProperty("department").GetString()!, d => d.GetProperty("freeSlots").GetInt32());
        Assert.Multiple(() =>
        {
            Assert.That(departments.Keys, Is.EquivalentTo(new[] { "2A", "47", "972" }), "every place's department, and only those");
            Assert.That(departments.Keys, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(departments.Values, Has.All.GreaterThan(0));
            Assert.That(departments, Is.EquivalentTo(exported.Where(e => e.Key.Length > 0)), "the export counts the same slots per department");
            Assert.That(map.GetProperty("unlocated").GetInt32(), Is.EqualTo(exported.GetValueOrDefault(string.Empty)).And.GreaterThan(0), "a place without a postal code is counted apart");
            Assert.That(map.GetProperty("freeSlots").GetInt32(), Is.EqualTo(kpis.GetProperty("totals").GetProperty("freeSlots").GetInt32()), "the same total as /admin/kpis");
            Assert.That(departments.Values.Sum() + map.GetProperty("unlocated").GetInt32(), Is.EqualTo(map.GetProperty("freeSlots").GetInt32()));
            Assert.That(map.GetProperty("from").GetString(), Is.EqualTo(_from));
            Assert.That(map.GetProperty("to").GetString(), Is.EqualTo(_to));
        });
    }

    [Test]
    public async Task The_department_and_commune_filters_of_the_kpis_apply()
    {
        var all = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis/departments?from={_from}&to={_to}");
        var corsicaAndOverseas = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis/departments?from={_from}&to={_to}&department=2a,972");
        var agen = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis/departments?from={_from}&to={_to}&commune=47000");
        var kpisAgen = await _hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis?from={_from}&to={_to}&commune=47000");

        int Count(JsonElement answer, string department) =>
            answer.GetProperty("departments").EnumerateArray().Where(d => d.GetProperty("department").GetString() == department).Sum(d => d.GetProperty("freeSlots").GetInt32());
        Assert.Multiple(() =>
        {
            Assert.That(corsicaAndOverseas.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("department").GetString()), Is.EqualTo(new[] { "2A", "972" }));
            Assert.That(Count(corsicaAndOverseas, "2A"), Is.EqualTo(Count(all, "2A")));
            Assert.That(corsicaAndOverseas.GetProperty("unlocated").GetInt32(), Is.Zero);
            Assert.That(corsicaAndOverseas.GetProperty("department").GetString(), Is.EqualTo("2a,972"), "the filter is echoed");
            Assert.That(agen.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("department").GetString()), Is.EqualTo(new[] { "47" }));
            Assert.That(Count(agen, "47"), Is.EqualTo(Count(all, "47")).And.EqualTo(kpisAgen.GetProperty("totals").GetProperty("freeSlots").GetInt32()));
        });
    }

    [TestCase("from=yesterday", "from")]
    [TestCase("from=2026-12-10&to=2026-12-01", "to")]
    [TestCase("from=2020-01-01&to=2023-01-01", "to")]
    [TestCase("to=9999-12-31", "to")]
    [TestCase("from=1999-12-31", "from")]
    public async Task A_bad_period_is_a_400_naming_the_parameter_as_for_the_kpis(string query, string parameter)
    {
        using var response = await _hub.Http.GetAsync("admin/kpis/departments?" + query);
        using var kpis = await _hub.Http.GetAsync("admin/kpis?" + query);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(kpis.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the same rule as /admin/kpis");
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(parameter, out _), Is.True, body);
        });
    }

    [Test]
    public async Task The_counts_need_the_admin_key_the_outline_and_script_do_not()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_hub.BaseUrl) };
        using var counts = await anonymous.GetAsync("admin/kpis/departments");
        using var outline = await anonymous.GetAsync("admin/france-departments.json");
        using var script = await anonymous.GetAsync("admin/dashboard-map.js");

        Assert.Multiple(() =>
        {
            Assert.That(counts.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(outline.StatusCode, Is.EqualTo(HttpStatusCode.OK), "outlines carry no data");
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task The_endpoint_is_in_the_admin_OpenAPI_document()
    {
        var document = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/openapi.json");

        Assert.That(document.GetProperty("paths").TryGetProperty("/admin/kpis/departments", out var path) && path.TryGetProperty("get", out _), Is.True);
    }

    [Test]
    public async Task The_served_outline_has_every_department_once_and_states_its_licence()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_hub.BaseUrl) };
        using var response = await anonymous.GetAsync("admin/france-departments.json");
        var outline = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var page = await _hub.Http.GetStringAsync("admin");

        var codes = outline.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("code").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(codes, Is.EquivalentTo(ExpectedDepartmentCodes()), "01–95 with 2A/2B for 20, 971–976, each once");
            Assert.That(outline.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("d").GetString()), Has.All.Match("^(M[0-9. l-]+z)+$"), "plain SVG paths");
            Assert.That(outline.GetProperty("insets").EnumerateArray().Select(i => i.GetProperty("code").GetString()), Is.EquivalentTo(new[] { "971", "972", "973", "974", "975", "976" }));
            Assert.That(outline.GetProperty("licence").GetString(), Does.Contain("CC BY 4.0"));
            Assert.That(page, Does.Contain("CC BY 4.0").And.Contain("MapSVG"), "the page states the outline's source and licence");
        });
    }

    [Test]
    public void The_embedded_outline_has_every_department_code_exactly_once()
    {
        using var outline = JsonDocument.Parse(DashboardEndpoints.Read("france-departments.json"));

        var codes = outline.RootElement.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("code").GetString()!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.Unique);
            Assert.That(codes, Is.EquivalentTo(ExpectedDepartmentCodes()));
            Assert.That(codes.Select(c => CommuneKeys.Department(PostalCodeOf(c))), Is.EqualTo(codes), "the codes the hub derives from postal codes");
            Assert.That(Encoding.UTF8.GetByteCount(DashboardEndpoints.Read("france-departments.json")), Is.LessThan(200_000), "a simplified outline");
        });
    }

    internal static IEnumerable<string> ExpectedDepartmentCodes() =>
        Enumerable.Range(1, 95).Where(n => n != 20).Select(n => n.ToString("00", CultureInfo.InvariantCulture))
            .Concat(["2A", "2B"])
            .Concat(Enumerable.Range(971, 6).Select(n => n.ToString(CultureInfo.InvariantCulture)));

    // A postal code of each department: its code padded (2A → 20000, 2B → 20200).
    private static string PostalCodeOf(string department) => department switch
    {
        "2A" => "20000",
        "2B" => "20200",
        _ => department.PadRight(5, '0'),
    };

    private async Task<Dictionary<string, int>> ExportedPerDepartmentAsync(string query)
    {
        var bytes = await _hub.Http.GetByteArrayAsync("admin/export.csv?" + query);
        var rows = Rfc4180.Parse(Encoding.UTF8.GetString(bytes.AsSpan(3)));
        var column = rows[0].ToList().IndexOf("department");
        return rows.Skip(1).GroupBy(r => r[column]).ToDictionary(g => g.Key, g => g.Count());
    }
}
