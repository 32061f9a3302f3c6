using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #18 item 2, hub-near part: the free slots of structure agendas (centres de santé, MSP) whose Location lies in
/// the circle answer the PS-individuel <c>hub-near</c> search, ranked with the practitioners' slots by distance.
/// Publisher FHIR — pulled by the sas-fhir connector (<c>Flow: structure</c>) and pushed — → the SAS's answer.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class StructureHubNearEndToEndTests
{
    private const string DistanceUrl = "http://hl7.org/fhir/StructureDefinition/location-distance";
    private const string Tre66 = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
    private const string SlotTypeSystem = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
    private const string PostalCode = "47000";
    private const string NearFiness = "470000011";
    private const string BadFiness = "470000029";
    private const string FarFiness = "470000037";
    private const string PushedFiness = "470000045";
    private const string PsaRpps = "810000000066";
    private const string PsbRpps = "810000000077";

    // Degrees of latitude per km (the hub's haversine on a 6,371 km sphere).
    private const double DegreesPerKm = 1 / 111.195;

    private PublisherSimulator _structures = null!;
    private RunningHub _hub = null!;
    private GeoPoint _patient;
    private DateTimeOffset _start;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Assert.That(PostalCodeCentroids.TryLocate(PostalCode, out var centroid), Is.True);

        // The patient 2.2 km north of the postal code's centroid: a place located by its postal code is 2.2 km away.
        _patient = new GeoPoint(centroid.Latitude + (2.2 * DegreesPerKm), centroid.Longitude);
        var now = DateTimeOffset.UtcNow;
        _start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(2);

        List<Resource> pulled =
        [
            // 1.5 km: an AMB PUBLIC slot, an HH SNP slot an hour later, and a PRO-only slot (not an SOS/structure answer).
            .. Structure("near", NearFiness, "124", Km(1.5), [("near-amb", ConsultationModes.Ambulatory, "PUBLIC", 0), ("near-hh", ConsultationModes.HomeVisit, "SNP", 60), ("near-pro", ConsultationModes.Ambulatory, "PRO", 0)]),

            // A position outside WGS 84: dropped (invalid-position), the place located by its postal code's centroid.
            .. Structure("bad", BadFiness, "603", new Location.PositionComponent { Latitude = 95m, Longitude = (decimal)_patient.Longitude }, [("bad-amb", ConsultationModes.Ambulatory, "PUBLIC", 0)]),

            // 30 km: outside a 10 km circle.
            .. Structure("far", FarFiness, "124", Km(30), [("far-amb", ConsultationModes.Ambulatory, "PUBLIC", 0)]),
        ];
        _structures = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "cds", Resources = pulled }, CancellationToken.None);
        var settings = PushClient.Settings(new Dictionary<string, string>
        {
            ["Connectors:cds:Type"] = "sas-fhir",
            ["Connectors:cds:BaseUrl"] = _structures.BaseUrl,
            ["Connectors:cds:Schedule"] = "manual",
            ["Connectors:cds:Flow"] = "structure",
            ["Connectors:cds:Organizations:0"] = "1" + NearFiness,
            ["Connectors:cds:Organizations:1"] = "1" + BadFiness,
            ["Connectors:cds:Organizations:2"] = "1" + FarFiness,
        });
        _hub = await RunningHub.StartAsync(settings);
        var sync = await _hub.Http.PostAsync("admin/connectors/cds/sync", null);
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());

        // Pushed: two practitioners (1 km, speaking English; 3 km) and a structure agenda 4 km away, open all day.
        using var alpha = new PushClient(_hub, PushClient.AlphaKey);
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        AddAll(transaction, Practitioner("psa", PsaRpps, 1.0, "en"));
        AddAll(transaction, Practitioner("psb", PsbRpps, 3.0, null));

        // One transaction carries both kinds of agenda (FHIR allows it): each is read in its own scope, written as one.
        var pushedStructure = Structure("pushed", PushedFiness, "124", Km(4), [("pushed-amb", ConsultationModes.Ambulatory, "PUBLIC", 0)]);
        pushedStructure.OfType<Location>().Single().HoursOfOperation.Add(new Location.HoursOfOperationComponent { AllDay = true });
        AddAll(transaction, pushedStructure);
        var pushed = await alpha.PostAsync(transaction);
        Assert.That(pushed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await pushed.Content.ReadAsStringAsync());
        var statuses = FhirJson.Parse<Bundle>(await pushed.Content.ReadAsStringAsync()).Entry.Select(e => e.Response.Status).ToList();
        Assert.That(statuses, Has.All.StartsWith("201"), "every entry of both agendas created");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _structures.DisposeAsync();
    }

    [Test]
    public async Task Hub_near_ranks_structure_slots_with_the_practitioners_by_distance_and_leaves_out_the_far_and_unserved_ones()
    {
        var answer = await SearchAsync("");
        Assert.Multiple(() =>
        {
            Assert.That(MatchIds(answer), Is.EqualTo(new[] { "push-alpha.psa-slot", "cds.near-amb", "cds.near-hh", "cds.bad-amb", "push-alpha.psb-slot", "push-alpha.pushed-amb" }),
                "by distance then start; the 30 km structure and the PRO-only slot are not served");
            Assert.That(answer.Total, Is.EqualTo(6));
            Assert.That(Distances(answer), Is.EqualTo(new[] { 1.0, 1.5, 1.5, 2.2, 3.0, 4.0 }).Within(0.02), "location-distance, km, for structure slots too");
        });
    }

    [Test]
    public async Task A_structure_slot_comes_with_its_Schedule_Location_and_Organization_as_the_structure_search_serves_them()
    {
        var answer = await SearchAsync("");
        var resources = answer.Entry.Select(e => e.Resource!).ToList();
        var slot = resources.OfType<Slot>().Single(s => s.Id == "cds.near-amb");
        var schedule = resources.OfType<Schedule>().Single(s => "Schedule/" + s.Id == slot.Schedule.Reference);
        var location = resources.OfType<Location>().Single(l => "Location/" + l.Id == schedule.Actor.Single().Reference);
        var organization = resources.OfType<Organization>().Single(o => "Organization/" + o.Id == location.ManagingOrganization.Reference);
        Assert.Multiple(() =>
        {
            Assert.That(organization.Identifier.Single().Value, Is.EqualTo("1" + NearFiness));
            Assert.That(organization.Type.Single().Coding.Single().Code, Is.EqualTo("124"));
            Assert.That(resources.OfType<Organization>().Select(o => o.Identifier.Single().Value).Order(), Is.EqualTo(new[] { "1" + NearFiness, "1" + BadFiness, "1" + PushedFiness }.Order()), "each structure once, none for the far one");
            Assert.That(new Resource[] { slot, schedule, location, organization }.SelectMany(r => r.Meta?.Profile ?? []), Is.Empty, "a FINESS structure claims no SOS profile, as in the structure search");
            Assert.That(location.Position, Is.Null, "the position is not served (nor is a PS place's)");
            Assert.That(answer.Meta?.Profile.Single(), Is.EqualTo("http://sas.fr/fhir/StructureDefinition/BundleAgregateur"));
        });

        // Each entry is exactly what its read by id serves (and what the Schedule search by structure serves).
        foreach (var entry in answer.Entry)
        {
            var read = await FhirAssert.ReadAsync<Resource>(await _hub.Http.GetAsync(entry.FullUrl), HttpStatusCode.OK);
            Assert.That(read.IsExactly(entry.Resource!), Is.True, entry.FullUrl);
        }

        var structureSearch = await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync("fhir/Schedule?" + ScheduleQuery(NearFiness)), HttpStatusCode.OK);
        foreach (var served in new Resource[] { slot, schedule, location, organization })
        {
            Assert.That(structureSearch.Entry.Select(e => e.Resource!).Single(r => r.TypeName == served.TypeName && r.Id == served.Id).IsExactly(served), Is.True, served.TypeName + "/" + served.Id);
        }
    }

    [Test]
    public async Task A_bad_position_is_reported_and_the_place_located_by_its_postal_code()
    {
        // Located: served at the postal code's centroid's distance (the ranking test); reported, not rejected.
        var quality = await _hub.Http.GetStringAsync("admin/connectors/cds/quality?examples=5");
        Assert.Multiple(() =>
        {
            Assert.That(quality, Does.Contain("invalid-position"), quality);
            Assert.That(quality, Does.Contain("Location.position.latitude"), quality);
            Assert.That(quality, Does.Not.Contain("not-geocoded"), "every place located");
        });
    }

    [Test]
    public async Task A_bad_pushed_position_is_refused()
    {
        using var alpha = new PushClient(_hub, PushClient.AlphaKey);
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        AddAll(transaction, Structure("junk", "470000052", "124", new Location.PositionComponent { Latitude = 95m, Longitude = 0.6m }, [("junk-amb", ConsultationModes.Ambulatory, "PUBLIC", 0)]));
        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(transaction), HttpStatusCode.UnprocessableEntity);
        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Has.Some.Contains("position"));
    }

    [Test]
    public async Task Slot_level_filters_apply_to_structure_slots_and_practitioner_filters_leave_them_out()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(MatchIds(await SearchAsync("&service-type=HH")), Is.EqualTo(new[] { "cds.near-hh" }));
            Assert.That(MatchIds(await SearchAsync("&_security=SNP")), Is.EqualTo(new[] { "cds.near-hh" }));
            Assert.That(MatchIds(await SearchAsync("&hub-overbooked=true")), Is.Empty);

            // A structure has no practitioner: a language or a practitioner asked for leaves its slots out.
            Assert.That(MatchIds(await SearchAsync("&schedule.actor:Practitioner.communication=en")), Is.EqualTo(new[] { "push-alpha.psa-slot" }));
            Assert.That(MatchIds(await SearchAsync("&schedule.actor:Practitioner.identifier=" + PsbRpps)), Is.EqualTo(new[] { "push-alpha.psb-slot" }));
        });
    }

    [Test]
    public async Task Open_now_first_puts_the_structure_open_all_day_first()
    {
        var answer = await SearchAsync("&_sort=hub-open-now");
        Assert.Multiple(() =>
        {
            Assert.That(MatchIds(answer), Is.EqualTo(new[] { "push-alpha.pushed-amb", "push-alpha.psa-slot", "cds.near-amb", "cds.near-hh", "cds.bad-amb", "push-alpha.psb-slot" }));
            Assert.That(answer.Total, Is.EqualTo(6));
        });
    }

    [Test]
    public async Task The_PS_search_by_practitioner_is_unchanged()
    {
        var from = Uri.EscapeDataString(_start.AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(_start.AddHours(22).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var answer = await FhirAssert.ReadAsync<Bundle>(
            await _hub.Http.GetAsync($"fhir/Slot?start=ge{from}&start=le{to}&status=free&schedule.actor:Practitioner.identifier={PsaRpps},{PsbRpps}&_include=Slot:schedule&_include:iterate=Schedule:actor"),
            HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(MatchIds(answer), Is.EqualTo(new[] { "push-alpha.psa-slot", "push-alpha.psb-slot" }));
            Assert.That(answer.Entry.Select(e => e.Resource!.TypeName).Distinct().Order(), Is.EqualTo(new[] { "Practitioner", "PractitionerRole", "Schedule", "Slot" }));
        });
    }

    private Location.PositionComponent Km(double kmNorthOfPatient) =>
        new() { Latitude = (decimal)Math.Round(_patient.Latitude + (kmNorthOfPatient * DegreesPerKm), 7), Longitude = (decimal)_patient.Longitude };

    private async Task<Bundle> SearchAsync(string more)
    {
        var near = string.Create(CultureInfo.InvariantCulture, $"{_patient.Latitude}|{_patient.Longitude}|10|km");
        var from = Uri.EscapeDataString(_start.AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(_start.AddHours(22).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var url = $"fhir/Slot?start=ge{from}&start=le{to}&status=free&hub-near={Uri.EscapeDataString(near)}&_include=Slot:schedule&_include:iterate=Schedule:actor{more}";
        return await FhirAssert.ReadAsync<Bundle>(await _hub.Http.GetAsync(url), HttpStatusCode.OK);
    }

    private string ScheduleQuery(string finess)
    {
        var from = Uri.EscapeDataString(_start.AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(_start.AddHours(22).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
            + $"&_has:Slot:schedule:start=ge{from}&_has:Slot:schedule:start=le{to}&_has:Slot:schedule:status=free&actor:Location.organization.identifier={finess}";
    }

    private static string[] MatchIds(Bundle answer) =>
        [.. answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id)];

    private static double[] Distances(Bundle answer) =>
        [.. answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => (double)((Distance)e.Search.GetExtension(DistanceUrl).Value).Value!.Value)];

    private List<Resource> Structure(string key, string finess, string category, Location.PositionComponent position, (string Id, ConsultationModes Modes, string Type, int Minutes)[] slots)
    {
        List<Resource> resources =
        [
            new Organization
            {
                Id = "org-" + key,
                Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.2", "1" + finess)],
                Type = [new CodeableConcept(Tre66, category)],
                Name = "Structure " + key,
            },
            new Location
            {
                Id = "site-" + key,
                Name = "Site " + key,
                Address = new Address { Line = ["1 place " + key], City = "Agen", PostalCode = PostalCode },
                Position = position,
                ManagingOrganization = new ResourceReference("Organization/org-" + key),
            },
            new Schedule { Id = "sched-" + key, Actor = [new ResourceReference("Location/site-" + key)] },
        ];
        foreach (var (id, modes, type, minutes) in slots)
        {
            var slot = PsAgendaResources.Slot(id, "sched-" + key, _start.AddMinutes(minutes), _start.AddMinutes(minutes + 20), true, modes, [], null);
            slot.Meta = new Meta { Security = [new Coding(SlotTypeSystem, type)] };
            resources.Add(slot);
        }

        return resources;
    }

    private List<Resource> Practitioner(string key, string rpps, double kmNorthOfPatient, string? language)
    {
        var practitioner = PsAgendaResources.Practitioner(key, rpps, key.ToUpperInvariant(), "Anne");
        if (language is not null)
        {
            practitioner.Communication.Add(new CodeableConcept("urn:ietf:bcp:47", language));
        }

        var role = PsAgendaResources.Role("role-" + key, key, new PracticePlace("Cabinet " + key, ["1 rue de la Paix"], "Agen", PostalCode, []));
        ((Location)role.Contained[0]).Position = Km(kmNorthOfPatient);
        return
        [
            practitioner,
            role,
            PsAgendaResources.Schedule("sched-" + key, key, role.Id),
            PsAgendaResources.Slot(key + "-slot", "sched-" + key, _start, _start.AddMinutes(20), true, ConsultationModes.Ambulatory, [], null),
        ];
    }

    private static void AddAll(Bundle transaction, IEnumerable<Resource> resources)
    {
        foreach (var resource in resources)
        {
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }
    }
}
