using System.Globalization;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;

namespace Sas.Interop.Connectors.SasFhir.Tests.Simulator;

/// <summary>The simulator's SOS Médecins Schedule search and SOS generator.</summary>
public sealed class SosSimulatorTests
{
    public const string StructureSystem = "urn:oid:1.2.250.1.71.4.2.2";
    private const string SosProfileBase = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/";
    private static readonly DateTimeOffset Anchor = new(2025, 3, 10, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly JsonSerializerOptions FhirOptions = new JsonSerializerOptions().ForFhir();
    private static readonly HttpClient Http = new();

    [Test]
    public async System.Threading.Tasks.Task Serving_the_IG_SOS_example_reproduces_its_content_with_FHIR_total()
    {
        var example = IgExamples.ReadBundle(IgPackage.SosBundle);
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [example] }, CancellationToken.None);

        var bundle = await SearchAsync(simulator, IgExamples.SosExampleQuery);

        var served = IgPackage.Resources(bundle);
        var expected = IgPackage.Resources(example);
        Assert.Multiple(() =>
        {
            Assert.That(simulator.OrganizationIds, Is.EqualTo(new[] { IgExamples.RennesSiret, IgExamples.LorientSiret }));
            Assert.That(bundle.Meta!.Profile, Is.EqualTo(new[] { SosProfileBase + "sas-sos-bundle-aggregator" }));
            Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
            // FHIR: total counts the matches, the 3 Schedules; the example's 4 counts its slots (digest §10 trap 8).
            Assert.That(bundle.Total, Is.EqualTo(3));
            Assert.That(IgExamples.Keys(served), Is.EquivalentTo(IgExamples.Keys(expected)));
            Assert.That(served.Select(IgExamples.Json), Is.EquivalentTo(expected.Select(IgExamples.Json)));
            Assert.That(bundle.Entry.Select(e => (e.Resource!.TypeName, e.Search!.Mode)), Is.EquivalentTo(example.Entry.Select(e => (e.Resource!.TypeName, e.Search!.Mode))));
            Assert.That(bundle.Link.Single().Url, Is.EqualTo(simulator.BaseUrl + "/Schedule?" + IgExamples.SosExampleQuery));
            Assert.That(bundle.Entry.Select(e => e.FullUrl), Is.EqualTo(served.Select(r => $"{simulator.BaseUrl}/{r.TypeName}/{r.Id}")));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Only_the_slots_in_the_window_are_included_and_schedules_without_any_do_not_match()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.ReadBundle(IgPackage.SosBundle)] }, CancellationToken.None);
        // 18 Aug 14:00–16:00: SOS3 and SOS4 (Lorient, one Schedule); SOS1 (09:00) and SOS2 (19 Aug) fall outside.
        var query = SosQuery([IgExamples.RennesSiret, IgExamples.LorientSiret], new DateTimeOffset(2023, 8, 18, 14, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2023, 8, 18, 16, 0, 0, TimeSpan.FromHours(2)));

        var bundle = await SearchAsync(simulator, query);

        Assert.Multiple(() =>
        {
            Assert.That(bundle.Total, Is.EqualTo(1));
            Assert.That(IgExamples.Keys(IgPackage.Resources(bundle)), Is.EquivalentTo(new[]
            {
                "Schedule/ExampleScheduleSOS3", "Location/3333333333", "Organization/ExampleOrgaSOS2", "Slot/ExampleSlotSOS3", "Slot/ExampleSlotSOS4",
            }));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task SIRETs_are_accepted_bare_without_system_with_spaces_and_a_raw_bar()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.ReadBundle(IgPackage.SosBundle)] }, CancellationToken.None);
        var query = SosQuery([], IgExamples.SosWindowStart, IgExamples.SosWindowEnd) + $"{IgExamples.RennesSiret[1..]}, {StructureSystem}|{IgExamples.LorientSiret}";

        var bundle = await SearchAsync(simulator, query);

        Assert.That(bundle.Total, Is.EqualTo(3));
    }

    [Test]
    public async System.Threading.Tasks.Task Unknown_associations_get_an_empty_searchset()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.ReadBundle(IgPackage.SosBundle)] }, CancellationToken.None);

        var bundle = await SearchAsync(simulator, SosQuery(["312345678900011"], IgExamples.SosWindowStart, IgExamples.SosWindowEnd));

        Assert.That(bundle.Total, Is.Zero);
        Assert.That(bundle.Entry, Is.Empty);
    }

    [TestCase("no-lower", "_has:Slot:schedule:start: both bounds are required")]
    [TestCase("no-upper", "_has:Slot:schedule:start: both bounds are required")]
    [TestCase("bad-date", "_has:Slot:schedule:start: 'geyesterday' is not a FHIR date or dateTime.")]
    [TestCase("no-ids", "actor:Location.organization.identifier: at least one SOS Médecins association SIRET is required")]
    [TestCase("bad-siret", "actor:Location.organization.identifier: 'urn:oid:1.2.250.1.71.4.2.2|3341737484' is not a SIRET")]
    [TestCase("ig-typo", "actor:Location.organization.identifier: 'urn:oid:1.2.250.1.71.4.2.27C334173748400020' is not a SIRET")]
    [TestCase("wrong-system", "has system 'urn:oid:1.2.250.1.71.4.2.1'; SOS associations are identified in urn:oid:1.2.250.1.71.4.2.2.")]
    [TestCase("too-many", "26 identifiers given; the IG allows at most 25 per search.")]
    [TestCase("bad-status", "_has:Slot:schedule:status: 'open' is not a slot status")]
    [TestCase("bad-include", "_include: 'Schedule:actor:Practitioner' is not supported")]
    [TestCase("bad-revinclude", "_revinclude: 'Appointment:slot' is not supported")]
    [TestCase("unknown-parameter", "status: unknown parameter")]
    public async System.Threading.Tasks.Task Bad_searches_get_400_with_an_OperationOutcome(string fault, string diagnostics)
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.ReadBundle(IgPackage.SosBundle)] }, CancellationToken.None);
        var ids = $"actor:Location.organization.identifier={StructureSystem}%7C{IgExamples.RennesSiret}";
        var query = fault switch
        {
            "no-lower" => $"_has:Slot:schedule:start=le2023-08-20&{ids}",
            "no-upper" => $"_has:Slot:schedule:start=ge2023-08-18&{ids}",
            "bad-date" => $"_has:Slot:schedule:start=geyesterday&_has:Slot:schedule:start=le2023-08-20&{ids}",
            "no-ids" => "_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20",
            "bad-siret" => $"_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20&actor:Location.organization.identifier={StructureSystem}%7C3341737484",
            "ig-typo" => "_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.27C334173748400020",
            "wrong-system" => $"_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.1%7C{IgExamples.RennesSiret}",
            "too-many" => SosQuery(Enumerable.Range(1, 26).Select(i => $"3{i:00000000000000}"), IgExamples.SosWindowStart, IgExamples.SosWindowEnd),
            "bad-status" => $"_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20&_has:Slot:schedule:status=open&{ids}",
            "bad-include" => $"_include=Schedule:actor:Practitioner&_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20&{ids}",
            "bad-revinclude" => $"_revinclude=Appointment:slot&_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20&{ids}",
            "unknown-parameter" => $"_has:Slot:schedule:start=ge2023-08-18&_has:Slot:schedule:start=le2023-08-20&status=free&{ids}",
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Schedule?" + query));
        var outcome = JsonSerializer.Deserialize<Resource>(await response.Content.ReadAsStringAsync(), FhirOptions) as OperationOutcome;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"));
            Assert.That(outcome?.Issue.Select(i => i.Diagnostics), Has.One.Contains(diagnostics));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Every_problem_of_a_bad_search_is_listed()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.ReadBundle(IgPackage.SosBundle)] }, CancellationToken.None);

        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Schedule?_include=Foo&actor:Location.organization.identifier=12"));
        var outcome = (OperationOutcome)JsonSerializer.Deserialize<Resource>(await response.Content.ReadAsStringAsync(), FhirOptions)!;

        Assert.That(outcome.Issue, Has.Count.EqualTo(3));
    }

    [Test]
    public void Generated_SOS_data_follows_the_IG_shapes()
    {
        var resources = Generate(seed: 17, associations: 8);

        var organizations = resources.OfType<Organization>().ToList();
        var locations = resources.OfType<Location>().ToList();
        var schedules = resources.OfType<Schedule>().ToList();
        var slots = resources.OfType<Slot>().ToList();
        var organizationReferences = organizations.Select(o => "Organization/" + o.Id).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(organizations, Has.Count.EqualTo(8));
            Assert.That(organizations.Select(o => o.Identifier.Single().Value), Has.All.Match("^3[0-9]{14}$"));
            Assert.That(organizations.Select(o => o.Identifier.Single().Value), Is.Unique);
            Assert.That(organizations.Select(o => o.Identifier.Single().Value![1..]), Has.All.Matches<string>(PassesLuhn));
            Assert.That(organizations.Select(o => o.Identifier.Single().System), Has.All.EqualTo(StructureSystem));
            Assert.That(organizations.Select(o => (o.Identifier.Single().Type!.Coding.Single().System, o.Identifier.Single().Type!.Coding.Single().Code)), Has.All.EqualTo(("http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type", "IDNST")));
            Assert.That(organizations.Select(o => o.Name), Has.All.StartWith("SOS Médecins "));
            Assert.That(organizations.Select(o => o.Telecom.Single().Value), Has.All.Match(@"^\+33[1-9][0-9]{8}$"));
            Assert.That(locations.GroupBy(l => l.ManagingOrganization!.Reference).Select(g => g.Count()), Has.All.InRange(1, 3));
            Assert.That(locations.Select(l => l.ManagingOrganization!.Reference), Has.All.Matches<string>(organizationReferences.Contains));
            Assert.That(locations.Select(l => l.Identifier.Single().Type!.Coding.Single().Code), Has.All.EqualTo("INTRN"));
            Assert.That(locations.Select(l => l.Name), Has.All.Not.Empty);
            Assert.That(locations.Select(l => l.Address!.Line.Single()), Has.All.Not.Empty);
            Assert.That(locations.Select(l => l.Address!.PostalCode), Has.All.Match("^[0-9]{5}$"));
            Assert.That(locations.Select(l => l.HoursOfOperation.Single().DaysOfWeek.Count()), Has.All.EqualTo(7));
            Assert.That(locations.Select(l => l.Telecom.Single().Value), Has.All.Match(@"^\+33[1-9][0-9]{8}$"));
            Assert.That(schedules.Select(s => s.Actor.Single().Reference), Is.EquivalentTo(locations.Select(l => "Location/" + l.Id)));
            Assert.That(slots.SelectMany(s => s.Meta!.Security.Select(c => c.Code)).Distinct(), Is.EquivalentTo(new[] { "PUBLIC", "SNP" }));
            Assert.That(slots.SelectMany(s => s.ServiceType.SelectMany(c => c.Coding).Select(c => c.Code)).Distinct(), Is.EquivalentTo(new[] { "AMB", "HH", "VR" }));
            Assert.That(slots.Select(s => s.AppointmentType!.Coding.Single().Code), Has.All.EqualTo("ROUTINE"));
            Assert.That(slots.Select(s => s.Comment), Has.All.StartWith("https://simulated-publisher.example/agenda-pfg/pfg-"));
            Assert.That(slots.Where(s => s.Status == Slot.SlotStatus.Free).GroupBy(s => s.Schedule!.Reference).Select(g => g.Count()), Has.All.InRange(20, 60));
            Assert.That(resources.Select(r => r.Meta!.Profile.Single()), Has.All.StartWith(SosProfileBase + "sas-sos-"));
        });
    }

    [Test]
    public void Same_seed_and_anchor_give_identical_SOS_data()
    {
        var first = Generate(seed: 2, associations: 4).Select(IgExamples.Json);
        var second = Generate(seed: 2, associations: 4).Select(IgExamples.Json);
        var other = Generate(seed: 3, associations: 4).Select(IgExamples.Json);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public async System.Threading.Tasks.Task Generated_SOS_search_returns_the_schedules_with_free_slots_in_the_window()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Sos, Seed = 17, Anchor = Anchor, AssociationCount = 6 }, CancellationToken.None);
        var asked = simulator.OrganizationIds.Skip(1).Take(3).ToList();
        var from = Anchor.AddDays(1);
        var to = Anchor.AddDays(2);

        var bundle = await SearchAsync(simulator, SosQuery(asked, from, to));

        var resources = IgPackage.Resources(bundle);
        var expectedSlots = ExpectedSlotIds(simulator.Resources, asked, from, to);
        Assert.Multiple(() =>
        {
            Assert.That(simulator.OrganizationIds, Has.Count.EqualTo(6));
            Assert.That(expectedSlots, Is.Not.Empty);
            Assert.That(resources.OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(expectedSlots));
            Assert.That(resources.OfType<Organization>().Select(o => o.Identifier.Single().Value), Is.EquivalentTo(asked));
            Assert.That(bundle.Total, Is.EqualTo(resources.OfType<Schedule>().Count()));
            Assert.That(bundle.Entry.Where(e => e.Resource is Schedule).Select(e => e.Search!.Mode), Has.All.EqualTo(Bundle.SearchEntryMode.Match));
            Assert.That(bundle.Entry.Where(e => e.Resource is not Schedule).Select(e => e.Search!.Mode), Has.All.EqualTo(Bundle.SearchEntryMode.Include));
            Assert.That(resources.Select(r => r.TypeName).Distinct(), Is.EquivalentTo(new[] { "Schedule", "Slot", "Location", "Organization" }));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Metadata_instantiates_the_SOS_statement()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Sos, AssociationCount = 1 }, CancellationToken.None);

        var statement = JsonSerializer.Deserialize<CapabilityStatement>(await Http.GetStringAsync(new Uri(simulator.BaseUrl + "/metadata")), FhirOptions)!;

        Assert.That(statement.Instantiates, Is.EqualTo(new[] { "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-SOS" }));
    }

    /// <summary>The IG SOS request (digest §2.4); an empty list leaves the identifier value open for the caller.</summary>
    internal static string SosQuery(IEnumerable<string> sirets, DateTimeOffset from, DateTimeOffset to) =>
        "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
        + $"&_has:Slot:schedule:start=ge{Format(from)}&_has:Slot:schedule:start=le{Format(to)}&_has:Slot:schedule:status=free"
        + "&actor:Location.organization.identifier=" + string.Join(',', sirets.Select(siret => $"{StructureSystem}%7C{siret}"));

    /// <summary>Free slots in [from, to] of the schedules whose Location the given associations manage, worked out independently.</summary>
    internal static List<string> ExpectedSlotIds(IReadOnlyList<Resource> resources, IEnumerable<string> sirets, DateTimeOffset from, DateTimeOffset to)
    {
        var organizations = resources.OfType<Organization>().Where(o => sirets.Contains(o.Identifier[0].Value)).Select(o => "Organization/" + o.Id).ToHashSet();
        var locations = resources.OfType<Location>().Where(l => organizations.Contains(l.ManagingOrganization!.Reference!)).Select(l => "Location/" + l.Id).ToHashSet();
        var schedules = resources.OfType<Schedule>().Where(s => s.Actor.Any(a => locations.Contains(a.Reference!))).Select(s => "Schedule/" + s.Id).ToHashSet();
        return [.. resources.OfType<Slot>()
            .Where(s => schedules.Contains(s.Schedule!.Reference!) && s.Status == Slot.SlotStatus.Free && s.Start >= from && s.Start <= to)
            .Select(s => s.Id!)];
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? (digit * 2) - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    private static IReadOnlyList<Resource> Generate(int seed, int associations) =>
        PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Sos, Seed = seed, Anchor = Anchor, AssociationCount = associations });

    private static async Task<Bundle> SearchAsync(PublisherSimulator simulator, string query)
    {
        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Schedule?" + query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonSerializer.Deserialize<Bundle>(body, FhirOptions)!;
    }

    private static string Format(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("o", CultureInfo.InvariantCulture));
}
