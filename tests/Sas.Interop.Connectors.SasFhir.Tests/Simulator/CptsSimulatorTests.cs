using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;

namespace Sas.Interop.Connectors.SasFhir.Tests.Simulator;

/// <summary>The simulator's CPTS (INT_R04) Slot search and CPTS generator.</summary>
public sealed class CptsSimulatorTests
{
    public const string CptsBundleProfile = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-bundle-aggregator";
    public const string ServiceTypeExtension = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType";
    public const string CategorySystem = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
    private const string PractitionerSystem = "urn:oid:1.2.250.1.71.4.2.1";
    private static readonly DateTimeOffset Anchor = new(2025, 3, 10, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly JsonSerializerOptions FhirOptions = new JsonSerializerOptions().ForFhir();
    private static readonly HttpClient Http = new();

    [TestCase(IgPackage.CptsBundle1)]
    [TestCase(IgPackage.CptsBundle2)]
    public async System.Threading.Tasks.Task Serving_an_IG_CPTS_example_reproduces_its_bundle(string fileName)
    {
        var example = IgExamples.ReadBundle(fileName);
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [example] }, CancellationToken.None);

        var bundle = await SearchAsync(simulator, CptsQuery([IgExamples.ForetNationalId], IgExamples.CptsWindowStart, IgExamples.CptsWindowEnd));

        var served = IgPackage.Resources(bundle);
        var expected = IgPackage.Resources(example);
        Assert.Multiple(() =>
        {
            Assert.That(bundle.Meta!.Profile, Is.EqualTo(new[] { CptsBundleProfile }));
            Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
            Assert.That(bundle.Total, Is.EqualTo(example.Total));
            // Same resources, same order, same search modes, same content.
            Assert.That(IgExamples.Keys(served), Is.EqualTo(IgExamples.Keys(expected)));
            Assert.That(bundle.Entry.Select(e => e.Search!.Mode), Is.EqualTo(example.Entry.Select(e => e.Search!.Mode)));
            Assert.That(served.Select(IgExamples.Json), Is.EqualTo(expected.Select(IgExamples.Json)));
            Assert.That(bundle.Entry.Select(e => e.FullUrl), Is.EqualTo(served.Select(r => $"{simulator.BaseUrl}/{r.TypeName}/{r.Id}")));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Without_the_CPTS_includes_the_answer_is_the_PS_one()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.ReadBundle(IgPackage.CptsBundle2)] }, CancellationToken.None);

        var bundle = await SearchAsync(simulator, PublisherSimulatorTests.SearchQuery([IgExamples.ForetNationalId], IgExamples.CptsWindowStart, IgExamples.CptsWindowEnd));

        Assert.That(bundle.Meta!.Profile, Is.EqualTo(new[] { "http://sas.fr/fhir/StructureDefinition/BundleAgregateur" }));
        Assert.That(bundle.Entry.Select(e => e.Resource!.TypeName).Distinct(), Is.EquivalentTo(new[] { "Slot", "Schedule", "Practitioner", "PractitionerRole" }));
    }

    [Test]
    public async System.Threading.Tasks.Task HealthcareService_organization_is_included_only_when_asked()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.ReadBundle(IgPackage.CptsBundle2)] }, CancellationToken.None);
        var query = PublisherSimulatorTests.SearchQuery([IgExamples.ForetNationalId], IgExamples.CptsWindowStart, IgExamples.CptsWindowEnd) + "&_include=Slot:service-type-reference";

        var bundle = await SearchAsync(simulator, query);

        Assert.That(bundle.Meta!.Profile, Is.EqualTo(new[] { CptsBundleProfile }));
        Assert.That(bundle.Entry.Select(e => e.Resource).OfType<HealthcareService>().Select(h => h.Id), Is.EqualTo(new[] { "ExampleHealthcareServiceCPTS1", "ExampleHealthcareServiceCPTS2" }));
        Assert.That(bundle.Entry.Select(e => e.Resource).OfType<Organization>(), Is.Empty);
    }

    [Test]
    public void Generated_CPTS_data_follows_the_IG_shapes()
    {
        var resources = Generate(seed: 13, practitioners: 12);

        var organizations = resources.OfType<Organization>().ToList();
        var services = resources.OfType<HealthcareService>().ToList();
        var slots = resources.OfType<Slot>().ToList();
        var cptsSlots = slots.Where(s => s.Meta!.Security.Any(c => c.Code == "CPTS")).ToList();
        var serviceIds = services.Select(h => "HealthcareService/" + h.Id).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(organizations, Has.Count.InRange(1, 3));
            Assert.That(services, Has.Count.EqualTo(organizations.Count));
            Assert.That(services.Select(h => h.ProvidedBy!.Reference), Is.EquivalentTo(organizations.Select(o => "Organization/" + o.Id)));
            Assert.That(organizations.Select(o => o.Identifier.Single().Value), Has.All.Match("^1[0-9]{9}$"));
            Assert.That(organizations.Select(o => o.Identifier.Single().System), Has.All.EqualTo("urn:oid:1.2.250.1.71.4.2.2"));
            Assert.That(organizations.Select(o => o.Identifier.Single().Type!.Coding.Single().System), Has.All.EqualTo("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"));
            Assert.That(organizations.Select(o => o.Name), Has.All.StartWith("CPTS "));
            Assert.That(organizations.Select(o => o.Telecom.Single().Value), Has.All.Match(@"^\+33[1-9][0-9]{8}$"));
            Assert.That(organizations.Select(o => o.Meta!.Profile.Single()), Has.All.EqualTo("https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-organization-aggregator"));
            Assert.That(services.Select(h => h.Meta!.Profile.Single()), Has.All.EqualTo("https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-healthcareservice-aggregator"));
            Assert.That(slots.Select(s => s.Meta!.Profile.Single()), Has.All.EqualTo("https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-slot-aggregator"));
            Assert.That((double)cptsSlots.Count / slots.Count, Is.InRange(0.2, 0.4));
            Assert.That(cptsSlots.Select(s => CptsServiceReferences(s).Count), Has.All.InRange(1, organizations.Count));
            Assert.That(cptsSlots.SelectMany(CptsServiceReferences), Has.All.Matches<string>(serviceIds.Contains));
            Assert.That(cptsSlots.SelectMany(s => s.ServiceType.Where(t => t.Extension.Count > 0)).Select(t => (t.Coding.Single().System, t.Coding.Single().Code)), Has.All.EqualTo((CategorySystem, "604")));
            Assert.That(slots.Except(cptsSlots).Select(s => CptsServiceReferences(s).Count), Has.All.Zero);
        });
    }

    [Test]
    public void A_CPTS_publisher_has_the_practitioners_and_slot_times_of_the_PS_one_with_the_same_seed()
    {
        var ps = PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Seed = 4, Anchor = Anchor, PractitionerCount = 5 });
        var cpts = Generate(seed: 4, practitioners: 5);

        Assert.That(cpts.OfType<Practitioner>().Select(IgExamples.Json), Is.EqualTo(ps.OfType<Practitioner>().Select(IgExamples.Json)));
        Assert.That(cpts.OfType<Slot>().Select(s => (s.Id, s.Start, s.Status)), Is.EqualTo(ps.OfType<Slot>().Select(s => (s.Id, s.Start, s.Status))));
    }

    [Test]
    public void Same_seed_and_anchor_give_identical_CPTS_data()
    {
        var first = Generate(seed: 9, practitioners: 6).Select(IgExamples.Json);
        var second = Generate(seed: 9, practitioners: 6).Select(IgExamples.Json);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async System.Threading.Tasks.Task Generated_CPTS_search_includes_the_services_and_organizations_of_the_matched_slots()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Cpts, Seed = 13, Anchor = Anchor, PractitionerCount = 6 }, CancellationToken.None);

        var bundle = await SearchAsync(simulator, CptsQuery(simulator.PractitionerIds, Anchor, Anchor.AddDays(3)));

        var resources = IgPackage.Resources(bundle);
        var referenced = resources.OfType<Slot>().SelectMany(CptsServiceReferences).ToHashSet();
        var services = resources.OfType<HealthcareService>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(referenced, Is.Not.Empty);
            Assert.That(services.Select(h => "HealthcareService/" + h.Id), Is.EquivalentTo(referenced));
            Assert.That(resources.OfType<Organization>().Select(o => "Organization/" + o.Id), Is.EquivalentTo(services.Select(h => h.ProvidedBy!.Reference)));
            Assert.That(bundle.Entry.Where(e => e.Resource is HealthcareService or Organization).Select(e => e.Search!.Mode), Has.All.EqualTo(Bundle.SearchEntryMode.Include));
            Assert.That(bundle.Total, Is.EqualTo(resources.OfType<Slot>().Count()));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Metadata_instantiates_the_CPTS_statement()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Cpts, PractitionerCount = 1 }, CancellationToken.None);

        var statement = JsonSerializer.Deserialize<CapabilityStatement>(await Http.GetStringAsync(new Uri(simulator.BaseUrl + "/metadata")), FhirOptions)!;

        Assert.That(statement.Instantiates, Is.EqualTo(new[] { "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-CPTS" }));
    }

    /// <summary>The IG CPTS request (digest §2.3), in its parameter order.</summary>
    internal static string CptsQuery(IEnumerable<string> ids, DateTimeOffset from, DateTimeOffset to) =>
        "_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization"
        + $"&start=ge{Format(from)}&start=le{Format(to)}&schedule.actor:Practitioner.identifier="
        + string.Join(',', ids.Select(id => $"{PractitionerSystem}%7C{id}")) + "&status=free";

    internal static List<string> CptsServiceReferences(Slot slot) =>
        [.. slot.ServiceType.SelectMany(t => t.Extension).Where(e => e.Url == ServiceTypeExtension).Select(e => ((ResourceReference)e.Value).Reference!)];

    private static IReadOnlyList<Resource> Generate(int seed, int practitioners) =>
        PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Cpts, Seed = seed, Anchor = Anchor, PractitionerCount = practitioners });

    private static async Task<Bundle> SearchAsync(PublisherSimulator simulator, string query)
    {
        using var response = await Http.GetAsync(new Uri(simulator.BaseUrl + "/Slot?" + query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        return JsonSerializer.Deserialize<Bundle>(body, FhirOptions)!;
    }

    private static string Format(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("o", CultureInfo.InvariantCulture));
}
