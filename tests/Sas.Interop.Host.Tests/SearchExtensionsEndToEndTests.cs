using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Geography;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The hub's Slot search extensions (service-type, _security, hub-near) and Slot/$availability over real HTTP:
/// publisher simulator → sas-fhir connector → SQLite → /fhir.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class SearchExtensionsEndToEndTests
{
    private const string Rpps = "urn:oid:1.2.250.1.71.4.2.1";
    private const string DistanceExtension = "http://hl7.org/fhir/StructureDefinition/location-distance";
    private PublisherSimulator _publisher = null!;
    private RunningHub _hub = null!;
    private DateTimeOffset _from;

    /// <summary>Where each simulated practitioner consults, as the publisher says (postal code of each place).</summary>
    private Dictionary<string, List<string>> _postalCodes = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "ext", PractitionerCount = 40, Seed = 11, Days = 3 }, CancellationToken.None);
        _hub = await RunningHub.StartAsync(RunningHub.Connector("sim", _publisher.BaseUrl, _publisher.PractitionerIds));
        var response = await _hub.Http.PostAsync("admin/connectors/sim/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        _from = DateTimeOffset.UtcNow;

        var resources = _publisher.Resources;
        var practitioners = resources.OfType<Practitioner>().ToDictionary(p => "Practitioner/" + p.Id, p => p.Identifier[0].Value);
        _postalCodes = resources.OfType<PractitionerRole>()
            .GroupBy(r => practitioners[r.Practitioner.Reference])
            .ToDictionary(g => g.Key, g => g.Select(r => r.Contained.OfType<Location>().Single().Address.PostalCode).ToList());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public void Every_demo_place_geocodes()
    {
        Assert.That(_postalCodes.Values.SelectMany(codes => codes).Where(code => !PostalCodeCentroids.TryLocate(code, out _)), Is.Empty);
    }

    [Test]
    public async Task Hub_near_finds_every_practitioner_around_a_point_nearest_first_with_distances()
    {
        // Around the first practitioner's first place: who is within 20 km is known from the postal codes.
        PostalCodeCentroids.TryLocate(_postalCodes[_publisher.PractitionerIds[0]][0], out var centre);
        var expected = _postalCodes.Where(p => p.Value.Any(code => PostalCodeCentroids.TryLocate(code, out var at) && at.DistanceMetersTo(centre) <= 20_000)).Select(p => p.Key).ToList();

        var bundle = await GetBundleAsync($"fhir/Slot?{Window(72)}&status=free&hub-near={Near(centre)}|20|km&_include=Slot:schedule&_include:iterate=Schedule:actor");

        var matches = bundle.Entry.Where(e => e.Resource is Slot).ToList();
        var distances = matches.Select(e => (double)((Distance)e.Search.GetExtension(DistanceExtension).Value).Value!.Value).ToList();
        var practitioners = bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().Select(p => p.Identifier[0].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(matches, Is.Not.Empty);
            Assert.That(bundle.Total, Is.EqualTo(matches.Count));
            Assert.That(distances, Is.Ordered, "nearest first");
            Assert.That(distances, Is.All.InRange(0.0, 20.0));
            Assert.That(practitioners, Is.SubsetOf(expected));
            Assert.That(practitioners, Does.Contain(_publisher.PractitionerIds[0]));
            Assert.That(
                matches.GroupBy(e => distances[matches.IndexOf(e)]).All(g => g.Select(e => ((Slot)e.Resource).Start).SequenceEqual(g.Select(e => ((Slot)e.Resource).Start).Order())),
                "at one distance, earliest first");
        });
    }

    [Test]
    public async Task Hub_near_with_practitioners_and_a_tiny_radius_elsewhere_is_empty()
    {
        // The Atlantic off Brittany: nobody consults there.
        var bundle = await GetBundleAsync($"fhir/Slot?{Window(72)}&{Ids(_publisher.PractitionerIds.Take(5))}&hub-near=47.5|-6.5|500|m");

        Assert.That(bundle.Total, Is.Zero);
        Assert.That(bundle.Entry, Is.Empty);
    }

    [Test]
    public async Task Service_type_and_security_keep_only_matching_slots()
    {
        // Few enough practitioners for the unfiltered answer to fit under _count's cap.
        var ids = Ids(_publisher.PractitionerIds.Take(8));
        var all = await GetBundleAsync($"fhir/Slot?{Window(72)}&{ids}");
        var virtualOnes = await GetBundleAsync($"fhir/Slot?{Window(72)}&{ids}&service-type=http://terminology.hl7.org/CodeSystem/v3-ActCode%7CVR");
        var snp = await GetBundleAsync($"fhir/Slot?{Window(72)}&{ids}&_security=SNP");

        static bool HasMode(Slot slot, string code) => slot.ServiceType.Any(t => t.Coding.Any(c => c.Code == code));
        var allSlots = all.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        Assert.That(allSlots, Has.Count.EqualTo(all.Total));
        Assert.Multiple(() =>
        {
            Assert.That(virtualOnes.Total, Is.EqualTo(allSlots.Count(s => HasMode(s, "VR"))));
            Assert.That(virtualOnes.Entry.Select(e => (Slot)e.Resource), Is.All.Matches<Slot>(s => HasMode(s, "VR")));
            Assert.That(snp.Total, Is.EqualTo(allSlots.Count(s => s.Meta.Security.Any(c => c.Code == "SNP"))));
            Assert.That(snp.Total, Is.LessThan(all.Total), "the generated agendas mix slot types");
        });
    }

    [Test]
    public async Task Specialty_keeps_slots_with_the_code_alone_or_with_hub_near()
    {
        // The simulator gives every PS slot TRE_R38 SM54 (médecine générale), and no other specialty.
        var ids = Ids(_publisher.PractitionerIds.Take(8));
        PostalCodeCentroids.TryLocate(_postalCodes[_publisher.PractitionerIds[0]][0], out var centre);
        var near = $"hub-near={Near(centre)}|20|km";
        var all = await GetBundleAsync($"fhir/Slot?{Window(72)}&{ids}");
        var sm54 = await GetBundleAsync($"fhir/Slot?{Window(72)}&{ids}&specialty=https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale%7CSM54&_include=Slot:schedule");
        var sm05 = await GetBundleAsync($"fhir/Slot?{Window(72)}&{ids}&specialty=SM05");
        var snomed = await GetBundleAsync($"fhir/Slot?{Window(72)}&{ids}&specialty=http://snomed.info/sct%7CSM54");
        var allNear = await GetBundleAsync($"fhir/Slot?{Window(72)}&{near}");
        var sm54Near = await GetBundleAsync($"fhir/Slot?{Window(72)}&{near}&specialty=SM05,SM54&specialty=SM54");
        var sm05Near = await GetBundleAsync($"fhir/Slot?{Window(72)}&{near}&specialty=SM05");

        Assert.Multiple(() =>
        {
            Assert.That(all.Total, Is.Positive);
            Assert.That(sm54.Total, Is.EqualTo(all.Total));
            Assert.That(sm54.Entry.Select(e => e.Resource).OfType<Slot>(), Is.All.Matches<Slot>(s => s.Specialty.Any(c => c.Coding.Any(x => x.Code == "SM54"))));
            Assert.That(sm54.Entry.Select(e => e.Resource).OfType<Schedule>(), Is.Not.Empty, "includes still served");
            Assert.That(sm05.Total, Is.Zero);
            Assert.That(sm05.Entry, Is.Empty);
            Assert.That(snomed.Total, Is.Zero, "SM54 is a TRE_R38 code, not a SNOMED CT one");
            Assert.That(allNear.Total, Is.Positive);
            Assert.That(sm54Near.Total, Is.EqualTo(allNear.Total));
            Assert.That(sm05Near.Total, Is.Zero);
        });
    }

    [Test]
    public async Task Specialty_with_an_unknown_system_gets_a_400_OperationOutcome_naming_it()
    {
        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync($"fhir/Slot?{Window(72)}&{Ids(_publisher.PractitionerIds.Take(1))}&specialty=http://example.org/spe%7CSM54"), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.Select(i => i.Expression.FirstOrDefault()), Does.Contain("specialty"));
        Assert.That(outcome.Issue.Select(i => i.Diagnostics), Has.Some.Contains("http://example.org/spe"));
    }

    [TestCase("service-type=XYZ", "service-type")]
    [TestCase("_security=http://example.org%7CSNP", "_security")]
    [TestCase("hub-near=44.2%7C0.6%7C500%7Ckm", "hub-near")]
    [TestCase("hub-near=44.2", "hub-near")]
    public async Task Bad_extension_values_get_a_400_OperationOutcome(string parameter, string mentioned)
    {
        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync($"fhir/Slot?{Window(72)}&{Ids(_publisher.PractitionerIds.Take(1))}&{parameter}"), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.Select(i => i.Expression.FirstOrDefault()), Does.Contain(mentioned));
    }

    [Test]
    public async Task Availability_counts_match_the_slot_search_at_each_horizon()
    {
        var ids = _publisher.PractitionerIds.Take(3).ToList();
        var from = _from.ToUniversalTime();
        var parameters = await GetAsync<Parameters>($"fhir/Slot/$availability?{Ids(ids)}&from={Iso(from)}");

        foreach (var id in ids)
        {
            var practitioner = parameters.Parameter.Single(p => p.Name == "practitioner" && ((Identifier)p.Part[0].Value).Value == id);
            foreach (var availability in practitioner.Part.Where(p => p.Name == "availability"))
            {
                var horizon = ((Code)availability.Part.Single(p => p.Name == "horizon").Value).Value;
                var end = ((Instant)availability.Part.Single(p => p.Name == "end").Value).Value!.Value;
                var count = ((Integer)availability.Part.Single(p => p.Name == "count").Value).Value;
                var search = await GetBundleAsync($"fhir/Slot?start=ge{Iso(from)}&start=lt{Iso(end)}&{Ids([id])}");
                Assert.That(count, Is.EqualTo(search.Total), $"{id} {horizon}");
            }
        }

        Assert.That(parameters.Parameter.Count(p => p.Name == "practitioner"), Is.EqualTo(3));
    }

    [Test]
    public async Task Availability_per_mode_and_slot_type_matches_the_filtered_slot_search()
    {
        var ids = _publisher.PractitionerIds.Take(3).ToList();
        var from = _from.ToUniversalTime();
        var snp = await GetAsync<Parameters>($"fhir/Slot/$availability?{Ids(ids)}&from={Iso(from)}&_security=SNP");
        var homeOrVirtual = await GetAsync<Parameters>($"fhir/Slot/$availability?{Ids(ids)}&from={Iso(from)}&service-type=HH,VR");

        var checkedModes = 0;
        foreach (var id in ids)
        {
            foreach (var availability in Practitioner(snp, id).Part.Where(p => p.Name == "availability"))
            {
                var end = ((Instant)availability.Part.Single(p => p.Name == "end").Value).Value!.Value;
                var search = $"fhir/Slot?start=ge{Iso(from)}&start=lt{Iso(end)}&{Ids([id])}&_security=SNP";
                Assert.That(PartCount(availability), Is.EqualTo((await GetBundleAsync(search)).Total), $"{id} SNP before {end}");
                foreach (var mode in availability.Part.Where(p => p.Name == "mode"))
                {
                    var code = ((Code)mode.Part.Single(p => p.Name == "code").Value).Value;
                    Assert.That(PartCount(mode), Is.EqualTo((await GetBundleAsync($"{search}&service-type={code}")).Total), $"{id} SNP {code} before {end}");
                    checkedModes++;
                }
            }

            var day = Practitioner(homeOrVirtual, id).Part.Single(p => p.Name == "availability" && ((Code)p.Part[0].Value).Value == "day");
            var dayEnd = ((Instant)day.Part.Single(p => p.Name == "end").Value).Value!.Value;
            Assert.That(PartCount(day), Is.EqualTo((await GetBundleAsync($"fhir/Slot?start=ge{Iso(from)}&start=lt{Iso(dayEnd)}&{Ids([id])}&service-type=HH,VR")).Total), $"{id} HH or VR");
        }

        Assert.That(checkedModes, Is.EqualTo(3 * 6 * 3), "AMB, HH and VR for every horizon of every practitioner");

        static Parameters.ParameterComponent Practitioner(Parameters parameters, string id) =>
            parameters.Parameter.Single(p => p.Name == "practitioner" && ((Identifier)p.Part[0].Value).Value == id);
        static int? PartCount(Parameters.ParameterComponent part) => ((Integer)part.Part.Single(p => p.Name == "count").Value).Value;
    }

    [TestCase("from=2026-11-24T10:00:00Z", "schedule.actor:Practitioner.identifier")]
    [TestCase("schedule.actor:Practitioner.identifier=810000000101&from=soon", "from")]
    [TestCase("schedule.actor:Practitioner.identifier=810000000101&start=ge2026-11-24", "start")]
    [TestCase("schedule.actor:Practitioner.identifier=810000000101&service-type=XYZ", "service-type")]
    public async Task Availability_errors_get_a_400_OperationOutcome(string query, string mentioned)
    {
        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync($"fhir/Slot/$availability?{query}"), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.Select(i => i.Expression.FirstOrDefault()), Does.Contain(mentioned));
    }

    [Test]
    public async Task Metadata_documents_the_extensions()
    {
        var statement = await GetAsync<CapabilityStatement>("fhir/metadata");
        var slot = statement.Rest[0].Resource.Single(r => r.Type == "Slot");

        Assert.That(slot.SearchParam.Select(p => p.Name), Is.SupersetOf(new[] { "service-type", "_security", "hub-near", "specialty" }));
        Assert.That(slot.Operation.Select(o => o.Name), Is.EqualTo(new[] { "availability" }));
    }

    private static string Near(GeoPoint point) =>
        string.Create(CultureInfo.InvariantCulture, $"{point.Latitude}%7C{point.Longitude}");

    private static string Ids(IEnumerable<string> ids) =>
        "schedule.actor:Practitioner.identifier=" + string.Join(",", ids.Select(id => Rpps + "%7C" + id));

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string Window(int hours) => $"start=ge{Iso(_from)}&start=le{Iso(_from.AddHours(hours))}";

    private Task<Bundle> GetBundleAsync(string url) => GetAsync<Bundle>(url);

    private async Task<T> GetAsync<T>(string url)
        where T : Resource => await FhirAssert.ReadAsync<T>(await _hub.Http.GetAsync(url), HttpStatusCode.OK);
}
