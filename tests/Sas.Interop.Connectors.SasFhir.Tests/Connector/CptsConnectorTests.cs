using Hl7.Fhir.Model;
using Sas.Interop.Core.Sync;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Connectors.SasFhir.Tests.Simulator;
using Sas.Interop.Testing;

namespace Sas.Interop.Connectors.SasFhir.Tests.Connector;

/// <summary>The connector's CPTS flow (INT_R04) against the publisher simulator over real loopback HTTP.</summary>
public sealed class CptsConnectorTests
{
    private static readonly DateTimeOffset Anchor = new(2025, 3, 10, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset From = Anchor;
    private static readonly DateTimeOffset To = Anchor.AddDays(3);

    private ConnectorHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ConnectorHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async System.Threading.Tasks.Task The_wire_query_is_exactly_the_IG_CPTS_search()
    {
        await using var simulator = await StartAsync(practitioners: 2);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds, flow: "CPTS"), simulator.BaseUrl + "/");
        var from = new DateTimeOffset(2024, 6, 12, 16, 20, 0, TimeSpan.FromHours(2));
        var to = new DateTimeOffset(2024, 6, 15, 16, 20, 0, TimeSpan.FromHours(2));

        await ConnectorHarness.FetchAllAsync(connector, from, to);

        var ids = simulator.PractitionerIds;
        var search = simulator.LastSearch!;
        Assert.Multiple(() =>
        {
            Assert.That(search.Path, Is.EqualTo("/fhir/Slot"));
            Assert.That(search.Accept, Is.EqualTo("application/fhir+json"));
            // The IG example request (digest §2.3), parameter for parameter and in its order.
            Assert.That(search.DecodedQuery, Is.EqualTo(
                "_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization"
                + "&start=ge2024-06-12T16:20:00.0000000+02:00&start=le2024-06-15T16:20:00.0000000+02:00"
                + $"&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|{ids[0]},urn:oid:1.2.250.1.71.4.2.1|{ids[1]}&status=free"));
            Assert.That(search.RawQuery, Is.EqualTo(
                "_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization"
                + "&start=ge2024-06-12T16:20:00.0000000%2B02:00&start=le2024-06-15T16:20:00.0000000%2B02:00"
                + $"&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C{ids[0]},urn:oid:1.2.250.1.71.4.2.1%7C{ids[1]}&status=free"));
        });
    }

    [TestCase(IgPackage.CptsBundle1)]
    [TestCase(IgPackage.CptsBundle2)]
    public async System.Threading.Tasks.Task The_IG_CPTS_example_resources_come_back_for_its_practitioner(string fileName)
    {
        var example = IgExamples.ReadBundle(fileName);
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [example] }, CancellationToken.None);
        // Bare RPPS: the connector prefixes it.
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, [IgExamples.ForetNationalId[1..]], flow: "cpts"), simulator.BaseUrl);

        var batch = (await ConnectorHarness.FetchAllAsync(connector, IgExamples.CptsWindowStart, IgExamples.CptsWindowEnd)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(batch.Succeeded, Is.True, batch.Failure?.Message);
            Assert.That(batch.Scope.Kind, Is.EqualTo(SyncScopeKind.Practitioner));
            Assert.That(batch.Scope.Keys, Is.EqualTo(new[] { IgExamples.ForetNationalId }));
            Assert.That(IgExamples.Keys(batch.Resources), Is.EqualTo(IgExamples.Keys(IgPackage.Resources(example))));
            Assert.That(batch.Resources.Select(IgExamples.Json), Is.EqualTo(IgPackage.Resources(example).Select(IgExamples.Json)));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Generated_CPTS_data_round_trips_with_its_services_and_organizations()
    {
        await using var simulator = await StartAsync(practitioners: 30);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds, batchSize: 20, flow: "cpts"), simulator.BaseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        var resources = batches.SelectMany(b => b.Resources).ToList();
        var referenced = resources.OfType<Slot>().SelectMany(CptsSimulatorTests.CptsServiceReferences).ToHashSet();
        var services = resources.OfType<HealthcareService>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(b => b.Succeeded), Has.All.True);
            Assert.That(batches.Select(b => b.Scope.Keys.Count), Is.EqualTo(new[] { 20, 10 }));
            Assert.That(resources.OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(PublisherSimulatorTests.ExpectedSlotIds(simulator.Resources, simulator.PractitionerIds, From, To)));
            Assert.That(referenced, Is.Not.Empty);
            // Each batch carries the services and CPTS its own slots point at.
            Assert.That(services.Select(h => "HealthcareService/" + h.Id).Distinct(), Is.EquivalentTo(referenced));
            Assert.That(resources.OfType<Organization>().Select(o => "Organization/" + o.Id).Distinct(), Is.EquivalentTo(services.Select(h => h.ProvidedBy!.Reference).Distinct()));
            Assert.That(simulator.Searches.Select(s => s.Path), Has.All.EqualTo("/fhir/Slot"));
        });
    }

    private static Task<PublisherSimulator> StartAsync(int practitioners) =>
        PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Cpts, Seed = 21, Anchor = Anchor, Days = 4, PractitionerCount = practitioners }, CancellationToken.None);
}
