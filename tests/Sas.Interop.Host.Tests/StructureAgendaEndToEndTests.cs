using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Structure agendas (centres de santé, MSP: slots of the structure, no practitioner) end to end: a publisher of
/// FINESS structures (simulator) → the sas-fhir connector with <c>Flow: structure</c> → the store → the SOS-style
/// Schedule search by FINESS, the reads by id and <c>/admin/kpis</c>; beside an SOS Médecins publisher whose answers
/// must stay exactly the IG's.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class StructureAgendaEndToEndTests
{
    private const string Tre66 = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
    private const string SosBundleProfile = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-bundle-aggregator";

    private PublisherSimulator _structures = null!;
    private PublisherSimulator _sos = null!;
    private RunningHub _hub = null!;
    private DateTimeOffset _now;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _structures = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "cds", Kind = SimulatedPublisherKind.Structure, AssociationCount = 4, Seed = 11, Days = 4 }, CancellationToken.None);
        _sos = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "sos", Kind = SimulatedPublisherKind.Sos, AssociationCount = 2, Seed = 12, Days = 4 }, CancellationToken.None);
        var settings = new Dictionary<string, string>
        {
            ["Connectors:cds:Type"] = "sas-fhir",
            ["Connectors:cds:BaseUrl"] = _structures.BaseUrl,
            ["Connectors:cds:Schedule"] = "manual",
            ["Connectors:cds:Flow"] = "structure",
            ["Connectors:sos:Type"] = "sas-fhir",
            ["Connectors:sos:BaseUrl"] = _sos.BaseUrl,
            ["Connectors:sos:Schedule"] = "manual",
            ["Connectors:sos:Flow"] = "sos",

            // Today's KPI snapshot is compared with the slots held right after two syncs: one snapshot per sync.
            ["Admin:SnapshotEvery"] = "00:00:00",
        };
        for (var i = 0; i < _structures.OrganizationIds.Count; i++)
        {
            // Bare FINESS in the roster: the hub prefixes it.
            settings[$"Connectors:cds:Organizations:{i}"] = _structures.OrganizationIds[i][1..];
        }

        for (var i = 0; i < _sos.OrganizationIds.Count; i++)
        {
            settings[$"Connectors:sos:Organizations:{i}"] = _sos.OrganizationIds[i];
        }

        _hub = await RunningHub.StartAsync(settings);
        foreach (var id in new[] { "cds", "sos" })
        {
            var response = await _hub.Http.PostAsync($"admin/connectors/{id}/sync", null);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("succeeded"), summary.ToString());
        }

        _now = DateTimeOffset.UtcNow;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _structures.DisposeAsync();
        await _sos.DisposeAsync();
    }

    [Test]
    public void The_simulator_publishes_FINESS_structures()
    {
        Assert.That(_structures.OrganizationIds, Has.Count.EqualTo(4).And.All.Match("^1[0-9AB]{9}$"));
    }

    [Test]
    public async Task The_Schedule_search_by_FINESS_serves_the_structures_slots_as_the_publisher_lists_them()
    {
        var ids = _structures.OrganizationIds;
        var query = ScheduleQuery(ids.Select(id => "urn:oid:1.2.250.1.71.4.2.2|" + id));
        var fromHub = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Schedule?" + query + "&_count=1000"), HttpStatusCode.OK);
        using var publisher = new HttpClient();
        var fromPublisher = await FhirAssert.ReadAsync<Bundle>(await publisher.GetAsync(_structures.BaseUrl.TrimEnd('/') + "/Schedule?" + query + "&_count=1000"), HttpStatusCode.OK);

        var hubSlots = fromHub.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        var publisherSlots = fromPublisher.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        var organizations = fromHub.Entry.Select(e => e.Resource).OfType<Organization>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hubSlots, Is.Not.Empty);
            Assert.That(hubSlots.Select(s => (s.Start, s.End)).Order(), Is.EqualTo(publisherSlots.Select(s => (s.Start, s.End)).Order()), "the structures' free slots, as the publisher lists them");
            Assert.That(fromHub.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource), Has.All.InstanceOf<Schedule>());
            Assert.That(fromHub.Entry.Select(e => e.Resource).OfType<Schedule>().SelectMany(s => s.Actor).Select(a => a.Reference), Has.All.StartWith("Location/"), "no practitioner: the structure's place");
            Assert.That(fromHub.Entry.Select(e => e.Resource).OfType<Location>(), Is.Not.Empty);
            Assert.That(organizations.Select(o => o.Identifier.Single().Value).Order(), Is.EqualTo(ids.Order()), "each structure by its 1+FINESS");
            Assert.That(organizations.Select(o => o.Type.Single().Coding.Single()).Select(c => (c.System, c.Code)).Distinct().Order(), Is.EqualTo(new[] { (Tre66, "124"), (Tre66, "603") }), "centres de santé and MSP typed with their TRE_R66 category");

            // The SOS profiles require a SIRET: a FINESS structure's answer claims none of them.
            Assert.That(fromHub.Meta?.Profile ?? [], Is.Empty);
            Assert.That(fromHub.Entry.SelectMany(e => e.Resource.Meta?.Profile ?? []), Is.Empty);
        });
    }

    [Test]
    public async Task A_structure_asked_by_bare_FINESS_finds_the_same_as_asked_with_its_system_and_prefix()
    {
        var id = _structures.OrganizationIds[0];
        var bare = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery([id[1..]])), HttpStatusCode.OK);
        var prefixed = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery(["urn:oid:1.2.250.1.71.4.2.2|" + id])), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(bare.Total, Is.GreaterThan(0));
            Assert.That(bare.Entry.Select(e => e.FullUrl), Is.EqualTo(prefixed.Entry.Select(e => e.FullUrl)));
        });
    }

    [Test]
    public async Task The_SOS_answer_is_unchanged_beside_structure_agendas()
    {
        var answer = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery(_sos.OrganizationIds.Select(id => "urn:oid:1.2.250.1.71.4.2.2|" + id))), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Total, Is.GreaterThan(0));
            Assert.That(answer.Meta?.Profile, Is.EqualTo(new[] { SosBundleProfile }));
            Assert.That(answer.Entry.Select(e => e.Resource.Meta?.Profile.SingleOrDefault()), Has.All.StartWith("https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-"));
            Assert.That(answer.Entry.Select(e => e.Resource).OfType<Organization>().SelectMany(o => o.Type), Is.Empty, "the SOS Organization stays as the IG sends it");
        });
    }

    [Test]
    public async Task Every_entry_of_a_structure_answer_reads_back_by_id_as_served()
    {
        var answer = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery(_structures.OrganizationIds.Take(2))), HttpStatusCode.OK);
        Assert.That(answer.Entry, Is.Not.Empty);
        foreach (var entry in answer.Entry.DistinctBy(e => e.FullUrl).Take(40))
        {
            var read = await _hub.Http.GetAsync(entry.FullUrl);
            var resource = await FhirAssert.ReadAsync<Resource>(read, HttpStatusCode.OK);
            Assert.Multiple(() =>
            {
                Assert.That(resource.TypeName, Is.EqualTo(entry.Resource.TypeName), entry.FullUrl);
                Assert.That(resource.Meta?.Profile ?? [], Is.Empty, entry.FullUrl);
            });
            if (resource is Organization organization)
            {
                Assert.That(organization.Type, Has.Count.EqualTo(1), entry.FullUrl);
            }
        }
    }

    [Test]
    public async Task The_KPIs_count_free_slots_by_structure_type()
    {
        var kpis = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis");
        var byStructure = kpis.GetProperty("totals").GetProperty("byStructure");
        var structures = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery(_structures.OrganizationIds, hours: 24 * 8) + "&_count=1000"), HttpStatusCode.OK);
        var cdsOrganizations = structures.Entry.Select(e => e.Resource).OfType<Organization>().Where(o => o.Type.Single().Coding.Single().Code == "124").Select(o => "Organization/" + o.Id).ToHashSet();
        var cdsLocations = structures.Entry.Select(e => e.Resource).OfType<Location>().Where(l => cdsOrganizations.Contains(l.ManagingOrganization.Reference)).Select(l => "Location/" + l.Id).ToHashSet();
        var cdsSchedules = structures.Entry.Select(e => e.Resource).OfType<Schedule>().Where(s => cdsLocations.Contains(s.Actor.Single().Reference)).Select(s => "Schedule/" + s.Id).ToHashSet();
        var slots = structures.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(byStructure.GetProperty("CDS").GetInt32(), Is.EqualTo(slots.Count(s => cdsSchedules.Contains(s.Schedule.Reference))));
            Assert.That(byStructure.GetProperty("MSP").GetInt32(), Is.EqualTo(slots.Count(s => !cdsSchedules.Contains(s.Schedule.Reference))));
            Assert.That(byStructure.GetProperty("SOS").GetInt32(), Is.GreaterThan(0));
            Assert.That(byStructure.GetProperty("OTHER").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task More_than_25_structures_or_an_RPPS_rang_are_refused()
    {
        var tooMany = Enumerable.Range(0, 26).Select(i => "1750" + i.ToString("00000", CultureInfo.InvariantCulture));
        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery(tooMany)), HttpStatusCode.BadRequest);
        Assert.That(outcome.Issue, Is.Not.Empty);
        await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery(["41234567891"])), HttpStatusCode.BadRequest);
    }

    // Within the 72 h the connector asked for (from its sync), unless the KPI test widens it to everything held.
    private string ScheduleQuery(IEnumerable<string> structures, int hours = 70)
    {
        var from = Uri.EscapeDataString(_now.AddHours(hours > 72 ? -1 : 0).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(_now.AddHours(hours).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
            + $"&_has:Slot:schedule:start=ge{from}&_has:Slot:schedule:start=le{to}&_has:Slot:schedule:status=free"
            + "&actor:Location.organization.identifier=" + string.Join(',', structures.Select(Uri.EscapeDataString));
    }
}
