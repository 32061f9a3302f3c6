using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Publisher simulator → sas-fhir connector over loopback HTTP → SQLite → /fhir/Slot, all real, and the hub's
/// answer compared with what the publisher itself answers to the same request.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class SlotSearchEndToEndTests
{
    private PublisherSimulator _publisher = null!;
    private RunningHub _hub = null!;
    private JsonElement _syncSummary;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "e2e", PractitionerCount = 40, Seed = 7, Days = 5 }, CancellationToken.None);
        _hub = await RunningHub.StartAsync(RunningHub.Connector("sim", _publisher.BaseUrl, _publisher.PractitionerIds));
        var response = await _hub.Http.PostAsync("admin/connectors/sim/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        _syncSummary = await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public void The_sync_summary_says_what_was_done()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_syncSummary.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
            Assert.That(_syncSummary.GetProperty("practitionersAsked").GetInt32(), Is.EqualTo(40));
            Assert.That(_syncSummary.GetProperty("batchesSucceeded").GetInt32(), Is.EqualTo(2), "40 practitioners are asked in batches of at most 25");
            Assert.That(_syncSummary.GetProperty("slotsStored").GetInt32(), Is.GreaterThan(0));
            Assert.That(_syncSummary.GetProperty("errors").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task The_hub_answers_the_IG_request_with_the_publishers_own_slots()
    {
        var ids = _publisher.PractitionerIds.Take(5).ToList();
        var query = SasQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(48), ids);

        var fromHub = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Slot?" + query), HttpStatusCode.OK);
        using var direct = new HttpClient();
        var fromPublisher = await FhirAssert.ReadAsync<Bundle>(await direct.GetAsync(_publisher.BaseUrl + "/Slot?" + query), HttpStatusCode.OK);

        var hubSlots = fromHub.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        var publisherSlots = fromPublisher.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        Assert.That(hubSlots, Is.Not.Empty, "the generated agendas have slots in the next 48 hours");
        Assert.That(fromHub.Total, Is.EqualTo(hubSlots.Count));
        Assert.That(
            hubSlots.Select(SlotKey).Order(),
            Is.EqualTo(publisherSlots.Select(SlotKey).Order()),
            "same slots, same times, types, modes and booking links as the publisher");
    }

    [Test]
    public async Task The_answer_spliced_from_stored_renderings_is_the_one_built_from_resources()
    {
        var query = SasQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(72), _publisher.PractitionerIds.Take(25));

        // _pretty=true is always built from resources; the plain request is served from the renderings. A scheduled
        // sync between the two would change fetch times: the pair counts only if the served answer is the same after.
        HttpResponseMessage served;
        string servedJson;
        Bundle built;
        var attempts = 0;
        do
        {
            served = await _hub.Http.GetAsync("fhir/Slot?" + query);
            servedJson = await served.Content.ReadAsStringAsync();
            built = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Slot?" + query + "&_pretty=true"), HttpStatusCode.OK);
        }
        while (await _hub.Http.GetStringAsync("fhir/Slot?" + query) != servedJson && ++attempts < 5);

        var metrics = await _hub.Http.GetStringAsync("metrics");

        // Same bundle once the self link (which names _pretty) is the same: compared as compact JSON, byte for byte.
        built.Link.Single().Url = FhirJson.Parse<Bundle>(servedJson).Link.Single().Url;
        Assert.Multiple(() =>
        {
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(served.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/fhir+json; charset=utf-8"));
            Assert.That(built.Entry.OfType<Bundle.EntryComponent>().Count(e => e.Resource is Slot), Is.GreaterThan(0));
            Assert.That(servedJson, Is.EqualTo(FhirJson.Serialize(built)));
            Assert.That(metrics, Does.Match("sas_interop_fhir_slot_answers[^ ]*from=\"renderings\"[^ ]* [1-9]"), "the plain request was answered from renderings");
            Assert.That(metrics, Does.Match("sas_interop_store_served_cache_lookups[^ ]*result=\"hit\"[^ ]* [1-9]"), "the repeated request found its practitioners in memory");
        });
    }

    [Test]
    public async Task The_bundle_has_the_IG_shape()
    {
        var ids = _publisher.PractitionerIds.Skip(5).Take(3).ToList();
        var bundle = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Slot?" + SasQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(72), ids)), HttpStatusCode.OK);

        var slots = bundle.Entry.Where(e => e.Resource is Slot).ToList();
        var schedules = bundle.Entry.Select(e => e.Resource).OfType<Schedule>().ToList();
        var roles = bundle.Entry.Select(e => e.Resource).OfType<PractitionerRole>().ToList();
        var practitioners = bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
            Assert.That(bundle.Meta.Profile, Does.Contain("http://sas.fr/fhir/StructureDefinition/BundleAgregateur"));
            Assert.That(bundle.Entry.All(e => !string.IsNullOrEmpty(e.FullUrl) && e.Resource.Meta?.Profile.Any() == true), "fullUrl and meta.profile everywhere");
            Assert.That(slots.All(e => e.Search.Mode == Bundle.SearchEntryMode.Match));
            Assert.That(bundle.Entry.Where(e => e.Resource is not Slot).All(e => e.Search.Mode == Bundle.SearchEntryMode.Include));
            Assert.That(practitioners.Select(p => p.Identifier.Single().Value).Order(), Is.EqualTo(ids.Order()));
            Assert.That(practitioners.All(p => p.Identifier[0].System == "urn:oid:1.2.250.1.71.4.2.1"));
            Assert.That(roles, Has.Count.EqualTo(schedules.Count), "one Schedule per PractitionerRole");
            Assert.That(roles.All(r => r.Contained.OfType<Location>().Count() == 1 && r.Location.Single().Reference.StartsWith('#')));
            Assert.That(schedules.All(s => s.Actor.Count == 2));
        });
        var scheduleIds = schedules.Select(s => "Schedule/" + s.Id).ToHashSet();
        Assert.That(slots.Select(e => ((Slot)e.Resource).Schedule.Reference), Is.All.Matches<string>(scheduleIds.Contains), "every slot's schedule is in the bundle");
    }

    [Test]
    public async Task Identifiers_are_accepted_bare_with_stray_spaces_and_with_an_encoded_bar()
    {
        var id = _publisher.PractitionerIds[10];
        var window = $"start=ge{Iso(DateTimeOffset.UtcNow)}&start=le{Iso(DateTimeOffset.UtcNow.AddHours(72))}&status=free";
        var prefixed = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync($"fhir/Slot?{window}&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C{id}"), HttpStatusCode.OK);
        var bare = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync($"fhir/Slot?{window}&schedule.actor:Practitioner.identifier=899999999999,%20{id[1..]}"), HttpStatusCode.OK);

        Assert.That(prefixed.Total, Is.GreaterThan(0));
        Assert.That(bare.Total, Is.EqualTo(prefixed.Total), "a bare RPPS finds the same practitioner; an unknown one adds nothing");
    }

    [Test]
    public async Task Pretty_asks_for_indented_JSON_of_the_same_bundle()
    {
        var query = SasQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(72), _publisher.PractitionerIds.Take(2));

        var compact = await _hub.Http.GetStringAsync("fhir/Slot?" + query);
        var pretty = await _hub.Http.GetStringAsync("fhir/Slot?" + query + "&_pretty=true");

        Assert.That(compact, Does.Not.Contain("\n"));
        Assert.That(pretty, Does.Contain("\n  \"resourceType\""));
        var compactNode = System.Text.Json.Nodes.JsonNode.Parse(compact)!.AsObject();
        var prettyNode = System.Text.Json.Nodes.JsonNode.Parse(pretty)!.AsObject();
        compactNode.Remove("link");
        prettyNode.Remove("link");
        Assert.That(System.Text.Json.Nodes.JsonNode.DeepEquals(compactNode, prettyNode), "same content (the self links differ by _pretty)");
    }

    [Test]
    public async Task Unknown_practitioners_give_an_empty_searchset()
    {
        var bundle = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Slot?" + SasQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(72), ["810999999999"])), HttpStatusCode.OK);

        Assert.That(bundle.Total, Is.Zero);
        Assert.That(bundle.Entry, Is.Empty);
    }

    [TestCase("schedule.actor:Practitioner.identifier=810000000001&start=le2026-12-01T00:00:00Z", "start", TestName = "No lower bound")]
    [TestCase("schedule.actor:Practitioner.identifier=810000000001", "start", TestName = "No bounds at all")]
    [TestCase("start=ge2026-12-01T00:00:00Z&start=le2026-12-02T00:00:00Z", "identifier", TestName = "No practitioners")]
    [TestCase("start=ge2026-12-01T00:00:00Z&start=le2026-12-02T00:00:00Z&schedule.actor:Practitioner.identifier=810000000001&status=maybe", "status", TestName = "Unknown status")]
    [TestCase("start=ge2026-13-45T00:00:00Z&start=le2026-12-02T00:00:00Z&schedule.actor:Practitioner.identifier=810000000001", "start", TestName = "Malformed date")]
    [TestCase("start=ge2026-12-01T00:00:00Z&start=le2026-12-02T00:00:00Z&schedule.actor:Practitioner.identifier=810000000001&_include=Slot:everything", "_include", TestName = "Unknown include")]
    [TestCase("start=ge2026-12-01T00:00:00Z&start=le2026-12-02T00:00:00Z&schedule.actor:Practitioner.identifier=abc", "identifier", TestName = "Not a national id")]
    public async Task Wrong_requests_get_a_400_OperationOutcome(string query, string mentioned)
    {
        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync("fhir/Slot?" + query), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.Any(i => i.Severity == OperationOutcome.IssueSeverity.Error));
        Assert.That(string.Join(" ", outcome.Issue.Select(i => i.Diagnostics + " " + string.Join(",", i.Expression))), Does.Contain(mentioned));
    }

    [Test]
    public async Task More_than_25_practitioners_is_a_400()
    {
        var ids = Enumerable.Range(0, 26).Select(i => "8100000001" + i.ToString("00", CultureInfo.InvariantCulture));

        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync("fhir/Slot?" + SasQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(72), ids)), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue[0].Diagnostics, Does.Contain("25"));
    }

    [Test]
    public async Task Metadata_describes_the_slot_search()
    {
        var capability = await FhirAssert.ReadAsync<CapabilityStatement>(await _hub.Http.GetAsync("fhir/metadata"), HttpStatusCode.OK);

        var slot = capability.Rest.Single().Resource.Single(r => r.Type == "Slot");
        Assert.That(slot!.SearchParam.Select(p => p.Name), Does.Contain("start"));
        Assert.That(slot.SearchInclude, Does.Contain("Slot:schedule"));
    }

    [Test]
    public async Task Unknown_FHIR_routes_get_a_404_OperationOutcome()
    {
        await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync("fhir/Patient?name=x"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Admin_lists_the_instance_as_healthy_with_its_slots()
    {
        var connectors = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors");

        var sim = connectors.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(sim.GetProperty("id").GetString(), Is.EqualTo("sim"));
            Assert.That(sim.GetProperty("state").GetString(), Is.EqualTo("healthy"));
            // The hub also syncs at start-up; when that sync's window started a minute earlier, the slots of that
            // minute are outside the later sync's scope and stay held until they end, so "at least".
            Assert.That(sim.GetProperty("slotCount").GetInt32(), Is.GreaterThanOrEqualTo(_syncSummary.GetProperty("slotsStored").GetInt32()));
            Assert.That(sim.GetProperty("lastSuccessAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        });
    }

    [Test]
    public async Task Syncing_an_unknown_instance_is_a_404()
    {
        var response = await _hub.Http.PostAsync("admin/connectors/nope/sync", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("health/live")]
    [TestCase("health/ready")]
    public async Task Health_endpoints_answer(string path)
    {
        var response = await _hub.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static string SlotKey(Slot slot) => string.Join(
        "|",
        slot.Start!.Value.UtcTicks,
        slot.End!.Value.UtcTicks,
        string.Join(",", (slot.Meta?.Security ?? []).Select(c => c.Code).Order()),
        string.Join(",", slot.ServiceType.SelectMany(s => s.Coding).Select(c => c.Code).Order()),
        string.Join(",", slot.ServiceType.Where(s => s.Coding.Count == 0).Select(s => s.Text).Order()),
        slot.AppointmentType?.Coding.FirstOrDefault()?.Code,
        slot.Comment);

    private static string SasQuery(DateTimeOffset from, DateTimeOffset to, IEnumerable<string> ids) =>
        $"_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Iso(from)}&start=le{Iso(to)}&status=free&schedule.actor:Practitioner.identifier="
        + string.Join(",", ids.Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
