using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #18 item 4: a publisher declares how far a practitioner travels for home visits (hub extension on the
/// PractitionerRole); hub-near matches an HH slot when the patient's point lies inside that perimeter, not when the
/// practice is near. Publisher FHIR pushed → the SAS's hub-near answer.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class HomeVisitPerimeterEndToEndTests
{
    private const string PerimeterUrl = "urn:sas-interop:StructureDefinition:practitionerrole-home-visit-radius";
    private const string DistanceUrl = "http://hl7.org/fhir/StructureDefinition/location-distance";
    private const double PatientLatitude = 44.2033;
    private const double PatientLongitude = 0.6163;
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Hub_near_matches_home_visits_by_the_practitioners_perimeter_and_serves_it()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };

        // ~30 km north, travels 40 km: its home visits reach the patient although the practice is beyond 10 km.
        AddPractitioner(transaction, "far", "810000000011", 44.2033 + 0.27, 0.6163, Km(40), ("far-hh", ConsultationModes.HomeVisit), ("far-amb", ConsultationModes.Ambulatory));
        // ~5 km south, travels 2 km only: its home visits do not reach the patient; its cabinet is near.
        AddPractitioner(transaction, "short", "810000000022", 44.2033 - 0.045, 0.6163, Km(2), ("short-hh", ConsultationModes.HomeVisit), ("short-both", ConsultationModes.Ambulatory | ConsultationModes.HomeVisit));
        // ~5 km east, no perimeter declared: its home visits fall back to the searched distance.
        AddPractitioner(transaction, "undeclared", "810000000033", 44.2033, 0.6163 + 0.07, null, ("undeclared-hh", ConsultationModes.HomeVisit));
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(transaction), HttpStatusCode.OK);

        var answer = await SearchAsync(hub, "");
        Assert.That(MatchIds(answer), Is.EqualTo(new[] { "short-both", "undeclared-hh", "far-hh" }), "nearest first; HH by perimeter, the rest by the searched distance");
        var far = answer.Entry.Single(e => e.Resource?.Id == "push-alpha.far-hh");
        Assert.That((double)((Distance)far.Search.GetExtension(DistanceUrl).Value).Value!.Value, Is.EqualTo(30).Within(0.5), "location-distance: the practice's distance, km");

        var role = answer.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single(r => r.Id == "push-alpha.role-far");
        var perimeter = (Quantity)role.GetExtension(PerimeterUrl).Value;
        Assert.That((perimeter.Value, perimeter.Code, perimeter.System), Is.EqualTo((40m, "km", "http://unitsofmeasure.org")), "served back in km on the PractitionerRole");

        // Asking for home visits only: the AMB half of short-both no longer brings it.
        Assert.That(MatchIds(await SearchAsync(hub, "&service-type=HH")), Is.EqualTo(new[] { "undeclared-hh", "far-hh" }));

        // The read by id serves the same PractitionerRole.
        var read = await FhirAssert.ReadAsync<PractitionerRole>(await hub.Http.GetAsync("fhir/PractitionerRole/push-alpha.role-far"), HttpStatusCode.OK);
        Assert.That(((Quantity)read.GetExtension(PerimeterUrl).Value).Value, Is.EqualTo(40m));
    }

    [Test]
    public async Task A_pulled_perimeter_from_the_demo_simulator_is_served_on_the_PractitionerRole()
    {
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "hv", PractitionerCount = 3, Seed = 4, Days = 2 }, CancellationToken.None);
        await using var hub = await RunningHub.StartAsync(RunningHub.Connector("sim", publisher.BaseUrl, publisher.PractitionerIds));
        Assert.That((await hub.Http.PostAsync("admin/connectors/sim/sync", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var ids = string.Join(',', publisher.PractitionerIds.Select(id => "urn:oid:1.2.250.1.71.4.2.1|" + id));
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?start=ge{DateTimeOffset.UtcNow.AddDays(-1):yyyy-MM-dd}&start=le{DateTimeOffset.UtcNow.AddDays(3):yyyy-MM-dd}&status=free&schedule.actor:Practitioner.identifier={ids}&_include=Slot:schedule&_include:iterate=Schedule:actor"), HttpStatusCode.OK);

        // The simulator gives practitioner 1 of every 3 (pr-0001) an 8 km perimeter, the others none.
        var roles = answer.Entry.Select(e => e.Resource).OfType<PractitionerRole>().ToList();
        Assert.That(roles.Where(r => r.Practitioner.Reference == "Practitioner/sim.pr-0001").Select(r => ((Quantity)r.GetExtension(PerimeterUrl).Value).Value), Is.Not.Empty.And.All.EqualTo(8m));
        Assert.That(roles.Where(r => r.Practitioner.Reference != "Practitioner/sim.pr-0001").Select(r => r.GetExtension(PerimeterUrl)), Is.All.Null);
    }

    [TestCase("-5", "km")]
    [TestCase("5000", "km")]
    [TestCase("12", "[mi_i]")]
    public async Task A_junk_perimeter_is_refused_when_pushed_naming_the_extension(string value, string unit)
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        AddPractitioner(transaction, "junk", "810000000044", PatientLatitude, PatientLongitude, new Quantity(decimal.Parse(value, CultureInfo.InvariantCulture), unit, "http://unitsofmeasure.org"), ("junk-hh", ConsultationModes.HomeVisit));

        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(transaction), HttpStatusCode.UnprocessableEntity);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Has.Some.Contains(PerimeterUrl));
    }

    private static Quantity Km(decimal value) => new(value, "km", "http://unitsofmeasure.org");

    private static Task<RunningHub> StartAsync() =>
        RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));

    private static async Task<Bundle> SearchAsync(RunningHub hub, string more)
    {
        var near = string.Create(CultureInfo.InvariantCulture, $"{PatientLatitude}|{PatientLongitude}|10|km");
        var url = $"fhir/Slot?start=ge2026-03-10T00:00:00Z&start=le2026-03-12T00:00:00Z&status=free&hub-near={near}&_include=Slot:schedule&_include:iterate=Schedule:actor{more}";
        return await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(url), HttpStatusCode.OK);
    }

    private static string[] MatchIds(Bundle answer) =>
        [.. answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id["push-alpha.".Length..])];

    private static void AddPractitioner(Bundle transaction, string key, string nationalId, double latitude, double longitude, Quantity? perimeter, params (string Id, ConsultationModes Modes)[] slots)
    {
        var role = PsAgendaResources.Role("role-" + key, key, new PracticePlace("Cabinet " + key, ["1 rue de la Paix"], "Agen", "47000", []));
        ((Location)role.Contained[0]).Position = new Location.PositionComponent { Latitude = (decimal)latitude, Longitude = (decimal)longitude };
        if (perimeter is not null)
        {
            role.Extension.Add(new Extension(PerimeterUrl, perimeter));
        }

        var start = Now.AddHours(2);
        var resources = new List<Resource>
        {
            PsAgendaResources.Practitioner(key, nationalId, key.ToUpperInvariant(), "Anne"),
            role,
            PsAgendaResources.Schedule("sched-" + key, key, role.Id),
        };
        resources.AddRange(slots.Select((slot, i) => PsAgendaResources.Slot(slot.Id, "sched-" + key, start.AddMinutes(20 * i), start.AddMinutes((20 * i) + 15), true, slot.Modes, [], null)));
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
