using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Testing;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #15's attack run as a table against the real host (SQLite, API-key identities: publishers alpha and beta,
/// the admin): cross-publisher writes by native id, hub id, conditional identifier and inside Bundles; bookings for
/// others' practitioners; oversize, nested, truncated, XML and non-FHIR bodies; injection strings in every search
/// parameter of the IG's three searches; extreme admin dates. Every request must get its expected 4xx (or 2xx) and
/// never a 5xx, and alpha's served data must come out of it unchanged.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class HostileRequestTests
{
    private const int MaxBodyBytes = 256 * 1024;
    private const string AdminKey = RunningHub.AdminKey;
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    private static readonly string[] Injections =
    [
        "' OR '1'='1",
        "1;DROP TABLE slots;--",
        "<script>alert(1)</script>",
        "${jndi:ldap://127.0.0.1/a}",
        "../../../../etc/passwd",
        "\0",
        "\u202Egnp.exe",
        "=HYPERLINK(\"http://evil\",\"x\")",
        "|||",
        "ge9999-99-99T99:99:99Z",
        "urn:oid:1.2.250.1.71.4.2.1|' OR 1=1--",
        new string('9', 5000),
    ];

    // The IG examples' self links (PS, CPTS, SOS), as the SAS sends them (the CPTS example Bundle itself does not parse:
    // its fullUrls hold "<base_URl>").
    private static readonly string[] IgSearches =
    [
        "Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&status=free&start=ge2021-11-04T14:19:35.760%2B00:00&start=le2021-11-06T23:59:59.999%2B00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899,urn:oid:1.2.250.1.71.4.2.1%7C810100050075&_count=1000",
        "Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge2024-06-12T16:20:00.000%2B02:00&start=le2024-06-12T17:20:00.000%2B02:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002909371&status=free&_include=Slot:service-type-reference",
        "Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2023-08-18T09:00:00%2B02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00%2B02:00&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C392080466300010&_count=1000",
    ];

    private RunningHub _hub = null!;
    private HttpClient _anonymous = null!;
    private Bundle _alphaAgenda = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // On the IG example's clock: its 2021 slots are then plausible (a year either side of now).
        _hub = await RunningHub.StartAsync(
            PushClient.Settings(new Dictionary<string, string>
            {
                ["Push:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Push:PermitsPerMinute"] = "100000",
            }),
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));
        _anonymous = new HttpClient { BaseAddress = new Uri(_hub.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        using var alpha = new PushClient(_hub, PushClient.AlphaKey);
        var pushed = await alpha.PostAsync(PushClient.PsExampleTransaction());
        Assert.That(pushed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await pushed.Content.ReadAsStringAsync());
        _alphaAgenda = await AlphaAgendaAsync();
        Assert.That(_alphaAgenda.Entry.Select(e => e.Resource).OfType<Slot>().Count(), Is.GreaterThan(0), "alpha's agenda is served before the attack");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _anonymous.Dispose();
        await _hub.DisposeAsync();
    }

    [Test]
    public async Task Every_hostile_request_gets_its_4xx_and_alphas_data_is_unchanged()
    {
        var requests = Requests().ToList();
        var failures = new List<string>();
        var handled = 0;
        var serverErrors = 0;
        foreach (var hostile in requests)
        {
            using var request = hostile.Build();
            using var response = await _anonymous.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                serverErrors++;
            }

            if (hostile.Expected.Contains(status))
            {
                handled++;
            }
            else
            {
                var body = await response.Content.ReadAsStringAsync();
                failures.Add($"{hostile.Name}: {hostile.Method} {Shorten(hostile.Path)} → {status}, expected {string.Join("/", hostile.Expected)}: {Shorten(body)}");
            }
        }

        TestContext.Out.WriteLine($"hostile requests {requests.Count}, handled {handled}, 500s {serverErrors}");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
        Assert.That(serverErrors, Is.Zero);

        var after = await AlphaAgendaAsync();
        Assert.That(Served(after), Is.EqualTo(Served(_alphaAgenda)), "alpha's served slots, schedules and practitioners are as pushed");
    }

    private IEnumerable<HostileRequest> Requests()
    {
        var slot = _alphaAgenda.Entry.Select(e => e.Resource).OfType<Slot>().First();
        var hubId = slot.Id;
        var nativeId = hubId["push-alpha.".Length..];
        var slotJson = FhirJson.Serialize(slot);
        var beta = PushClient.BetaKey;
        var alpha = PushClient.AlphaKey;

        // Cross-publisher writes: beta can reach alpha's rows by no id, no identifier, no Bundle.
        yield return new("beta PUT by alpha's hub id", HttpMethod.Put, $"fhir/Slot/{hubId}", beta, Fhir(slotJson), [403]);
        yield return new("beta DELETE by alpha's hub id", HttpMethod.Delete, $"fhir/Slot/{hubId}", beta, null, [403]);
        yield return new("beta DELETE by alpha's native id", HttpMethod.Delete, $"fhir/Slot/{nativeId}", beta, null, [404]);
        yield return new("beta PUT by alpha's native id (a slot of beta's without its schedule)", HttpMethod.Put, $"fhir/Slot/{nativeId}", beta, Fhir(WithoutId(slotJson)), [422]);
        if (slot.Identifier.FirstOrDefault() is { } identifier)
        {
            var token = Uri.EscapeDataString(identifier.System + "|" + identifier.Value);
            yield return new("beta conditional PUT on alpha's identifier", HttpMethod.Put, $"fhir/Slot?identifier={token}", beta, Fhir(WithoutId(slotJson)), [422]);
            yield return new("beta conditional DELETE on alpha's identifier", HttpMethod.Delete, $"fhir/Slot?identifier={token}", beta, null, [200, 204, 404]);
        }

        yield return new("beta transaction PUT on alpha's hub id", HttpMethod.Post, "fhir", beta, Fhir(BundleOf(Bundle.BundleType.Transaction, Bundle.HTTPVerb.PUT, $"Slot/{hubId}", slot)), [403]);
        yield return new("beta transaction DELETE on alpha's hub id", HttpMethod.Post, "fhir", beta, Fhir(BundleOf(Bundle.BundleType.Transaction, Bundle.HTTPVerb.DELETE, $"Slot/{hubId}", null)), [403]);
        yield return new("beta batch DELETE on alpha's hub id (refused whole, or in its entry)", HttpMethod.Post, "fhir", beta, Fhir(BundleOf(Bundle.BundleType.Batch, Bundle.HTTPVerb.DELETE, $"Slot/{hubId}", null)), [200, 403]);
        yield return new("beta books alpha's PS", HttpMethod.Post, "fhir/Appointment", beta, Fhir(AppointmentFor("810100050075", null)), [403]);
        yield return new("beta books alpha's slot", HttpMethod.Post, "fhir/Appointment", beta, Fhir(AppointmentFor(null, hubId)), [403, 422]);
        yield return new("alpha books a PS nobody publishes", HttpMethod.Post, "fhir/Appointment", alpha, Fhir(AppointmentFor("810000000977", null)), [403]);

        // Identities.
        yield return new("no identity writes", HttpMethod.Post, "fhir", null, Fhir(BundleOf(Bundle.BundleType.Batch, Bundle.HTTPVerb.DELETE, "Slot/x", null)), [401]);
        yield return new("unknown key writes", HttpMethod.Put, "fhir/Slot/x", "not-a-key", Fhir(slotJson), [401]);
        yield return new("publisher on admin", HttpMethod.Get, "admin/connectors", alpha, null, [401, 403]);
        yield return new("publisher decides its own claim", HttpMethod.Put, "admin/booking-claims/810100050075/beta", beta, Json("{\"decision\":\"grant\"}"), [401, 403]);

        // Bodies.
        var oversize = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[],\"id\":\"" + new string('a', MaxBodyBytes) + "\"}";
        var nested = new string('[', 100_000) + new string(']', 100_000);
        var transaction = FhirJson.Serialize(PushClient.PsExampleTransaction());
        foreach (var (path, key) in new[] { ("fhir", alpha), ("fhir/Slot/x", alpha), ("fhir/Appointment", alpha) })
        {
            yield return new("oversize body", HttpMethod.Post, path, key, Fhir(oversize), [413, 405]);
            yield return new("deeply nested JSON", HttpMethod.Post, path, key, Fhir(nested), [400, 405]);
            yield return new("truncated JSON", HttpMethod.Post, path, key, Fhir(transaction[..(transaction.Length / 2)]), [400, 405]);
            yield return new("XML body", HttpMethod.Post, path, key, new StringContent("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"batch\"/></Bundle>", Encoding.UTF8, "application/fhir+xml"), [400, 405, 415]);
            yield return new("empty body", HttpMethod.Post, path, key, Fhir(string.Empty), [400, 405]);
            yield return new("JSON that is not FHIR", HttpMethod.Post, path, key, Fhir("{\"a\":1}"), [400, 405]);
            yield return new("JSON null", HttpMethod.Post, path, key, Fhir("null"), [400, 405]);
            yield return new("a Patient", HttpMethod.Post, path, key, Fhir("{\"resourceType\":\"Patient\",\"id\":\"p1\"}"), [400, 405, 422]);
        }

        yield return new("two entries sharing a fullUrl (bdl-7)", HttpMethod.Post, "fhir", alpha, Fhir(DuplicateFullUrl()), [400, 422]);
        yield return new("a slot starting in year 0001", HttpMethod.Put, "fhir/Slot/ancient", alpha, Fhir(SlotStarting(slotJson, "0001-01-01T08:00:00Z")), [422]);

        // Injection strings in every parameter of the IG's three searches, and the spelling traps.
        foreach (var example in IgSearches)
        {
            var resource = example[..example.IndexOf('?', StringComparison.Ordinal)];
            var parameters = example[(resource.Length + 1)..].Split('&').Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: p.Length > 1 ? p[1] : string.Empty)).ToList();
            for (var i = 0; i < parameters.Count; i++)
            {
                foreach (var injection in Injections)
                {
                    var query = string.Join("&", parameters.Select((p, j) => p.Name + "=" + (j == i ? Uri.EscapeDataString(injection) : p.Value)));
                    yield return new($"{resource} {parameters[i].Name} injected", HttpMethod.Get, $"fhir/{resource}?{query}", null, null, [200, 400]);
                }
            }

            var original = string.Join("&", parameters.Select(p => p.Name + "=" + p.Value));
            yield return new($"{resource} an unknown parameter beside the right one", HttpMethod.Get, $"fhir/{resource}?{original}&Start=ge2021-01-01", null, null, [400]);
            yield return new($"{resource} an injected parameter name", HttpMethod.Get, $"fhir/{resource}?{original}&{Uri.EscapeDataString("' OR 1=1--")}=1", null, null, [400]);
        }

        yield return new("SOS search without _has:Slot:schedule:status", HttpMethod.Get, "fhir/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_has:Slot:schedule:start=ge2023-08-18T09:00:00%2B02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00%2B02:00&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020", null, null, [400]);
        yield return new("$last-solicited misspelt beside the right name", HttpMethod.Get, "fhir/$last-solicited?Practitioner=810100050075&practitioner=810100050075", null, null, [400]);
        yield return new("appointment PUT misspelt beside the right name", HttpMethod.Put, "fhir/Appointment?Identifier=urn:a%7C1&identifier=urn:a%7C1", alpha, Fhir(AppointmentFor("810100050075", null)), [400]);
        foreach (var injection in Injections.Append("9999-12-31").Append("0001-01-01"))
        {
            yield return new("$last-solicited injected", HttpMethod.Get, "fhir/$last-solicited?practitioner=" + Uri.EscapeDataString(injection), null, null, [400]);
        }

        // Admin dates at the ends of the calendar.
        foreach (var query in new[] { "to=9999-12-31", "from=0001-01-01", "from=9999-12-20&to=9999-12-31", "from=2026-13-45", "from=2026-12-31&to=2026-01-01" })
        {
            yield return new("export " + query, HttpMethod.Get, "admin/export.csv?" + query, AdminKey, null, [400]);
        }

        foreach (var query in new[] { "from=9999-12-20&to=9999-12-31&granularity=week", "from=9999-12-01&to=9999-12-31&granularity=month", "from=0001-01-01&to=0001-01-08&granularity=day", "granularity=century" })
        {
            yield return new("kpis " + query, HttpMethod.Get, "admin/kpis?" + query, AdminKey, null, [400]);
        }
    }

    private async Task<Bundle> AlphaAgendaAsync()
    {
        var answer = await _hub.Http.GetAsync(PushClient.PsExampleSearch());
        return await FhirAssert.ReadAsync<Bundle>(answer, HttpStatusCode.OK);
    }

    // What the SAS is served, without the Bundle's own id, time and links.
    private static string Served(Bundle bundle) =>
        string.Join("\n", bundle.Entry.Select(e => e.Resource).OfType<Resource>().Select(r => FhirJson.Serialize(r)).Order(StringComparer.Ordinal));

    private static StringContent Fhir(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue(FhirJson.MediaType));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string WithoutId(string slotJson)
    {
        var slot = FhirJson.Parse<Slot>(slotJson);
        slot.Id = null;
        return FhirJson.Serialize(slot);
    }

    private static string SlotStarting(string slotJson, string start)
    {
        var slot = FhirJson.Parse<Slot>(slotJson);
        slot.Id = "ancient";
        slot.StartElement = new Instant(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        slot.EndElement = new Instant(slot.Start!.Value.AddMinutes(20));
        return FhirJson.Serialize(slot);
    }

    private static string BundleOf(Bundle.BundleType type, Bundle.HTTPVerb verb, string url, Resource? resource) =>
        FhirJson.Serialize(new Bundle
        {
            Type = type,
            Entry = [new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = resource, Request = new Bundle.RequestComponent { Method = verb, Url = url } }],
        });

    private static string DuplicateFullUrl()
    {
        var bundle = PushClient.PsExampleTransaction();
        bundle.Entry[1].FullUrl = bundle.Entry[0].FullUrl;
        return FhirJson.Serialize(bundle);
    }

    private static string AppointmentFor(string? practitioner, string? slot)
    {
        var appointment = IgPackage.ReadResource<Appointment>("Appointment-1.json");
        appointment.Text = null;
        appointment.Identifier[0].Value = Guid.NewGuid().ToString();
        if (practitioner is not null)
        {
            appointment.Participant[0].Actor.Identifier.Value = practitioner;
        }

        if (slot is not null)
        {
            appointment.Slot.Add(new ResourceReference("Slot/" + slot));
        }

        return FhirJson.Serialize(appointment);
    }

    private sealed record HostileRequest(string Name, HttpMethod Method, string Path, string? Key, HttpContent? Body, int[] Expected)
    {
        public HttpRequestMessage Build()
        {
            // Each row is sent once: the request may own (and dispose) the body.
            var request = new HttpRequestMessage(Method, Path) { Content = Body };
            if (Key is not null)
            {
                request.Headers.Add("X-Api-Key", Key);
            }

            return request;
        }
    }
}
