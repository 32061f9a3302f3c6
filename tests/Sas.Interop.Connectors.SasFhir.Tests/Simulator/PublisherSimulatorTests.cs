using System.Globalization;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Connectors.SasFhir.Tests.Simulator;

public sealed class PublisherSimulatorTests
{
    private const string PractitionerSystem = "urn:oid:1.2.250.1.71.4.2.1";
    private static readonly DateTimeOffset Anchor = new(2025, 3, 10, 7, 30, 0, TimeSpan.FromHours(1));
    private static readonly JsonSerializerOptions FhirOptions = new JsonSerializerOptions().ForFhir();

    [Test]
    public void Same_seed_and_anchor_give_byte_identical_data()
    {
        var options = new PublisherSimulatorOptions { Seed = 7, Anchor = Anchor, PractitionerCount = 15 };

        var first = Serialize(PublisherSimulator.GenerateResources(options));
        var second = Serialize(PublisherSimulator.GenerateResources(options));
        var otherSeed = Serialize(PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Seed = 8, Anchor = Anchor, PractitionerCount = 15 }));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(otherSeed, Is.Not.EqualTo(first));
    }

    [Test]
    public async System.Threading.Tasks.Task Same_seed_gives_the_same_search_answer_from_two_servers()
    {
        var options = new PublisherSimulatorOptions { Seed = 3, Anchor = Anchor, PractitionerCount = 5 };
        await using var one = await PublisherSimulator.StartAsync(options, CancellationToken.None);
        await using var two = await PublisherSimulator.StartAsync(options, CancellationToken.None);
        var query = SearchQuery(one.PractitionerIds, Anchor, Anchor.AddDays(7));

        var first = await GetStringAsync(one.BaseUrl + "/Slot?" + query);
        var second = await GetStringAsync(two.BaseUrl + "/Slot?" + query);

        Assert.That(second.Replace(two.BaseUrl, "{base}", StringComparison.Ordinal), Is.EqualTo(first.Replace(one.BaseUrl, "{base}", StringComparison.Ordinal)));
    }

    [Test]
    public void Generated_data_follows_the_IG_shapes()
    {
        var resources = PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Seed = 11, Anchor = Anchor, PractitionerCount = 10, Name = "acme" });

        var practitioners = resources.OfType<Practitioner>().ToList();
        var roles = resources.OfType<PractitionerRole>().ToList();
        var schedules = resources.OfType<Schedule>().ToList();
        var slots = resources.OfType<Slot>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(practitioners, Has.Count.EqualTo(10));
            Assert.That(practitioners.Select(p => p.Identifier.Single().Value), Has.All.Match("^8[0-9]{11}$"));
            Assert.That(practitioners.Select(p => p.Identifier.Single().System), Has.All.EqualTo(PractitionerSystem));
            Assert.That(roles.GroupBy(r => r.Practitioner!.Reference).Select(g => g.Count()), Has.All.InRange(1, 3));
            Assert.That(schedules, Has.Count.EqualTo(roles.Count));
            Assert.That(roles.Select(r => r.Contained.OfType<Location>().Single().Identifier.Single().System), Has.All.EqualTo("https://acme.example/fhir/location"));
            Assert.That(roles.Select(r => r.Contained.OfType<Location>().Single().Address!.PostalCode), Has.All.Match("^[0-9]{5}$"));
            Assert.That(roles.Select(r => r.Organization!.Identifier!.Value), Has.All.Match("^(1[0-9AB]{9}|3[0-9]{14})$"));
            Assert.That(roles.Select(r => r.Telecom.Single().Value), Has.All.Match(@"^\+33[1-9][0-9]{8}$"));
            Assert.That(slots.Where(s => s.Status == Slot.SlotStatus.Free).GroupBy(s => s.Schedule!.Reference).Select(g => g.Count()), Has.All.InRange(20, 60));
            Assert.That(slots.Select(s => (s.End!.Value - s.Start!.Value).TotalMinutes), Has.All.InRange(15, 30));
            Assert.That(slots.Select(s => s.Start!.Value), Has.All.GreaterThanOrEqualTo(Anchor).And.All.LessThan(Anchor.AddDays(7)));
            Assert.That(slots.SelectMany(s => s.Meta!.Security.Select(c => c.Code)).Distinct(), Is.EquivalentTo(new[] { "PUBLIC", "PRO", "SNP" }));
            Assert.That(slots.SelectMany(s => s.ServiceType.SelectMany(c => c.Coding).Select(c => c.Code)).Distinct(), Is.EquivalentTo(new[] { "AMB", "HH", "VR" }));
            Assert.That(slots.Select(s => s.Specialty.Single().Coding.Single().Code), Has.All.EqualTo("SM54"));
            Assert.That(slots.Select(s => s.Comment), Has.All.StartWith("https://acme.example/agenda/8"));
            Assert.That(resources.Select(r => r.Meta!.Profile.Single()), Has.All.StartWith("http://sas.fr/fhir/StructureDefinition/"));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Search_answers_a_searchset_shaped_like_the_IG_example()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 4);
        var asked = simulator.PractitionerIds.Take(2).ToList();

        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Slot?" + SearchQuery(asked, Anchor, Anchor.AddDays(2))));
        var bundle = await ReadBundleAsync(response);

        var slots = bundle.Entry.Where(e => e.Resource is Slot).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"));
            Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
            Assert.That(bundle.Meta!.Profile, Is.EqualTo(new[] { "http://sas.fr/fhir/StructureDefinition/BundleAgregateur" }));
            Assert.That(bundle.Total, Is.EqualTo(slots.Count).And.GreaterThan(0));
            Assert.That(bundle.Link.Single().Relation, Is.EqualTo("self"));
            Assert.That(bundle.Link.Single().Url, Does.StartWith(simulator.BaseUrl + "/Slot?_include=Slot:schedule"));
            Assert.That(slots.Select(e => e.Search!.Mode), Has.All.EqualTo(Bundle.SearchEntryMode.Match));
            Assert.That(bundle.Entry.Where(e => e.Resource is not Slot).Select(e => e.Search!.Mode), Has.All.EqualTo(Bundle.SearchEntryMode.Include));
            Assert.That(bundle.Entry.Select(e => e.FullUrl), Has.All.EqualTo(null).Or.All.StartWith(simulator.BaseUrl + "/"));
            Assert.That(bundle.Entry.Select(e => e.FullUrl), Is.EquivalentTo(bundle.Entry.Select(e => $"{simulator.BaseUrl}/{e.Resource!.TypeName}/{e.Resource!.Id}")));
            Assert.That(bundle.Entry.Select(e => e.Resource!.TypeName).Distinct(), Is.EquivalentTo(new[] { "Slot", "Schedule", "Practitioner", "PractitionerRole" }));
            Assert.That(bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().Select(p => p.Identifier.Single().Value), Is.EquivalentTo(asked));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Search_filters_on_window_status_and_practitioner()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 6);
        var asked = simulator.PractitionerIds.Skip(1).Take(3).ToList();
        var from = Anchor.AddDays(1);
        var to = Anchor.AddDays(3);

        var bundle = await SearchAsync(simulator, SearchQuery(asked, from, to));

        var expected = ExpectedSlotIds(simulator.Resources, asked, from, to);
        var returned = bundle.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(expected, Is.Not.Empty);
            Assert.That(returned.Select(s => s.Id), Is.EquivalentTo(expected));
            Assert.That(returned.Select(s => s.Status), Has.All.EqualTo(Slot.SlotStatus.Free));
            Assert.That(simulator.Resources.OfType<Slot>().Any(s => s.Status == Slot.SlotStatus.Busy), Is.True, "the data holds busy slots the filter must drop");
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Search_accepts_bare_ids_missing_system_and_spaces()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 3);
        var ids = simulator.PractitionerIds;
        var from = Anchor;
        var to = Anchor.AddDays(7);
        // As the IG example request: a space after a comma; plus a bare RPPS (no '8') and a token without system.
        var identifiers = $"{PractitionerSystem}|{ids[0]}, {ids[1][1..]},|{ids[2]}";
        var query = $"_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Format(from)}&start=le{Format(to)}&status=free&schedule.actor:Practitioner.identifier={Uri.EscapeDataString(identifiers)}";

        var bundle = await SearchAsync(simulator, query);

        Assert.That(bundle.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(ExpectedSlotIds(simulator.Resources, ids, from, to)));
    }

    [Test]
    public async System.Threading.Tasks.Task Search_without_includes_returns_slots_only()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 2);
        var query = $"start=ge{Format(Anchor)}&start=le{Format(Anchor.AddDays(7))}&status=free&schedule.actor:Practitioner.identifier={PractitionerSystem}%7C{simulator.PractitionerIds[0]}";

        var bundle = await SearchAsync(simulator, query);

        Assert.That(bundle.Entry.Select(e => e.Resource!.TypeName).Distinct(), Is.EqualTo(new[] { "Slot" }));
    }

    [Test]
    public async System.Threading.Tasks.Task Unknown_practitioners_get_an_empty_searchset()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 2);

        var bundle = await SearchAsync(simulator, SearchQuery(["810000000001", "899999999999"], Anchor, Anchor.AddDays(7)));

        Assert.Multiple(() =>
        {
            Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
            Assert.That(bundle.Total, Is.Zero);
            Assert.That(bundle.Entry, Is.Empty);
        });
    }

    [TestCase("start=ge2025-03-10T08:00:00%2B01:00&status=free", "both bounds")]
    [TestCase("start=le2025-03-10T08:00:00%2B01:00&status=free", "both bounds")]
    [TestCase("start=ge2025-03-10T08:00:00%2B01:00&start=le2025-03-12&status=free", "at least one practitioner")]
    [TestCase("start=geyesterday&start=le2025-03-12", "not a FHIR date")]
    [TestCase("start=eq2025-03-10&start=le2025-03-12", "prefix 'eq'")]
    [TestCase("start=ge2025-03-10&start=le2025-03-12&status=open", "not a slot status")]
    public async System.Threading.Tasks.Task Bad_searches_get_400_with_an_OperationOutcome(string query, string diagnostics)
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 1);
        if (!query.Contains("identifier", StringComparison.Ordinal) && !diagnostics.Contains("practitioner", StringComparison.Ordinal))
        {
            query += $"&schedule.actor:Practitioner.identifier={PractitionerSystem}%7C{simulator.PractitionerIds[0]}";
        }

        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Slot?" + query));
        var outcome = JsonSerializer.Deserialize<Resource>(await response.Content.ReadAsStringAsync(), FhirOptions) as OperationOutcome;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"));
            Assert.That(outcome?.Issue.Single().Diagnostics, Does.Contain(diagnostics));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task More_than_25_practitioners_is_a_bad_request()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 26);

        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Slot?" + SearchQuery(simulator.PractitionerIds, Anchor, Anchor.AddDays(1))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async System.Threading.Tasks.Task Date_bounds_without_offset_or_time_follow_FHIR_precision()
    {
        var at = new DateTimeOffset(2025, 3, 12, 18, 45, 0, TimeSpan.FromHours(1));
        var slot = NewSlot("late", at);
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [NewPractitioner("p", "810000000001"), NewSchedule("s", "p"), slot] }, CancellationToken.None);

        // Given resources are served in UTC: 17:45Z. A date-only upper bound covers the whole day.
        var dayOnly = await SearchAsync(simulator, $"start=ge2025-03-12&start=le2025-03-12&status=free&schedule.actor:Practitioner.identifier=810000000001");
        var tooEarly = await SearchAsync(simulator, $"start=ge2025-03-12T00:00:00&start=le2025-03-12T17:44:59&schedule.actor:Practitioner.identifier=810000000001");

        Assert.Multiple(() =>
        {
            Assert.That(dayOnly.Total, Is.EqualTo(1));
            Assert.That(tooEarly.Total, Is.Zero);
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Serves_the_IG_example_bundle_as_given()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.PsIndividualBundle()] }, CancellationToken.None);

        var bundle = await SearchAsync(simulator, SearchQuery([IgExamples.MarcelNationalId, IgExamples.ThomasNationalId], IgExamples.WindowStart, IgExamples.WindowEnd));

        Assert.Multiple(() =>
        {
            Assert.That(simulator.PractitionerIds, Is.EquivalentTo(new[] { IgExamples.ThomasNationalId, IgExamples.MarcelNationalId }));
            Assert.That(bundle.Total, Is.EqualTo(4));
            Assert.That(bundle.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(new[] { "ExampleSlotPSIndiv1", "ExampleSlotPSIndiv2", "ExampleSlotPSIndiv3", "ExampleSlotPSIndiv4" }));
            Assert.That(bundle.Entry.Count(e => e.Resource is Schedule), Is.EqualTo(3));
            Assert.That(bundle.Entry.Count(e => e.Resource is Practitioner), Is.EqualTo(2));
            Assert.That(bundle.Entry.Count(e => e.Resource is PractitionerRole), Is.EqualTo(3));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Pages_with_next_links_when_asked()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 2, pageSize: 10);
        var first = await SearchAsync(simulator, SearchQuery(simulator.PractitionerIds, Anchor, Anchor.AddDays(7)));
        var slots = first.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id).ToList();
        var next = first.Link.SingleOrDefault(l => l.Relation == "next")?.Url;
        while (next is not null)
        {
            var page = JsonSerializer.Deserialize<Bundle>(await GetStringAsync(next), FhirOptions)!;
            slots.AddRange(page.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id));
            next = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url;
        }

        Assert.That(slots, Is.EquivalentTo(ExpectedSlotIds(simulator.Resources, simulator.PractitionerIds, Anchor, Anchor.AddDays(7))));
        Assert.That(first.Total, Is.EqualTo(slots.Count));
    }

    [Test]
    public async System.Threading.Tasks.Task Removed_slots_are_no_longer_served()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 1);
        var query = SearchQuery(simulator.PractitionerIds, Anchor, Anchor.AddDays(7));
        var before = (await SearchAsync(simulator, query)).Total;

        var removed = simulator.RemoveSlots(slot => slot.Start < Anchor.AddDays(2));
        var after = (await SearchAsync(simulator, query)).Total;

        Assert.That(removed, Is.Positive);
        Assert.That(after, Is.LessThan(before!.Value));
        Assert.That(after, Is.EqualTo(ExpectedSlotIds(simulator.Resources, simulator.PractitionerIds, Anchor, Anchor.AddDays(7)).Count));
    }

    [Test]
    public async System.Threading.Tasks.Task Metadata_is_a_CapabilityStatement()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 1);

        var statement = JsonSerializer.Deserialize<Resource>(await GetStringAsync(simulator.BaseUrl + "/metadata"), FhirOptions);

        Assert.That(statement, Is.TypeOf<CapabilityStatement>());
        Assert.That(simulator.BaseUrl, Does.Match(@"^http://127\.0\.0\.1:[0-9]+/fhir$"));
    }

    [Test]
    public async System.Threading.Tasks.Task Records_searches_and_can_fail_them_on_demand()
    {
        await using var simulator = await StartGeneratedAsync(practitioners: 1, failure: n => n == 2 ? 503 : null);
        var query = SearchQuery(simulator.PractitionerIds, Anchor, Anchor.AddDays(1));

        using var ok = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Slot?" + query));
        using var failed = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Slot?" + query));

        Assert.Multiple(() =>
        {
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(simulator.SearchCount, Is.EqualTo(2));
            Assert.That(simulator.LastSearch?.RawQuery, Is.EqualTo(query));
            Assert.That(simulator.LastSearch?.Path, Is.EqualTo("/fhir/Slot"));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Delays_searches_on_demand_and_survives_a_client_that_gives_up()
    {
        await using var simulator = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Seed = 5, Anchor = Anchor, PractitionerCount = 1, SearchDelay = n => n == 1 ? TimeSpan.FromMinutes(5) : TimeSpan.FromMilliseconds(200) },
            CancellationToken.None);
        var url = new Uri(simulator.BaseUrl + "/Slot?" + SearchQuery(simulator.PractitionerIds, Anchor, Anchor.AddDays(1)));

        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        Assert.That(async () => await impatient.GetAsync(url), Throws.InstanceOf<TaskCanceledException>());

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var delayed = await Http.GetAsync(url);

        Assert.Multiple(() =>
        {
            Assert.That(delayed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(started.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)));
            Assert.That(simulator.SearchCount, Is.EqualTo(2));
        });
    }

    internal static string SearchQuery(IEnumerable<string> ids, DateTimeOffset from, DateTimeOffset to) =>
        $"_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Format(from)}&start=le{Format(to)}&status=free&schedule.actor:Practitioner.identifier="
        + string.Join(',', ids.Select(id => $"{PractitionerSystem}%7C{id}"));

    internal static List<string> ExpectedSlotIds(IReadOnlyList<Resource> resources, IEnumerable<string> nationalIds, DateTimeOffset from, DateTimeOffset to)
    {
        var practitioners = resources.OfType<Practitioner>().Where(p => nationalIds.Contains(p.Identifier[0].Value)).Select(p => "Practitioner/" + p.Id).ToHashSet();
        var schedules = resources.OfType<Schedule>().Where(s => s.Actor.Any(a => practitioners.Contains(a.Reference!))).Select(s => "Schedule/" + s.Id).ToHashSet();
        return [.. resources.OfType<Slot>()
            .Where(s => schedules.Contains(s.Schedule!.Reference!) && s.Status == Slot.SlotStatus.Free && s.Start >= from && s.Start <= to)
            .Select(s => s.Id!)];
    }

    private static readonly HttpClient Http = new();

    private static Task<PublisherSimulator> StartGeneratedAsync(int practitioners, int? pageSize = null, Func<int, int?>? failure = null) =>
        PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Seed = 5, Anchor = Anchor, PractitionerCount = practitioners, PageSize = pageSize, SearchFailure = failure }, CancellationToken.None);

    private static async Task<Bundle> SearchAsync(PublisherSimulator simulator, string query)
    {
        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Slot?" + query));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadBundleAsync(response);
    }

    private static async Task<Bundle> ReadBundleAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<Bundle>(await response.Content.ReadAsStringAsync(), FhirOptions)!;

    private static Task<string> GetStringAsync(string url) => Http.GetStringAsync(new Uri(url));

    private static string Format(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("o", CultureInfo.InvariantCulture));

    private static string Serialize(IEnumerable<Resource> resources) =>
        string.Join('\n', resources.Select(r => JsonSerializer.Serialize(r, FhirOptions)));

    private static Practitioner NewPractitioner(string id, string nationalId) => new()
    {
        Id = id,
        Identifier = [new Identifier(PractitionerSystem, nationalId)],
    };

    private static Schedule NewSchedule(string id, string practitionerId) => new()
    {
        Id = id,
        Actor = [new ResourceReference("Practitioner/" + practitionerId)],
    };

    private static Slot NewSlot(string id, DateTimeOffset start) => new()
    {
        Id = id,
        Schedule = new ResourceReference("Schedule/s"),
        Status = Slot.SlotStatus.Free,
        Start = start,
        End = start.AddMinutes(15),
    };
}
