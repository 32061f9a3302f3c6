using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Connectors.SasFhir.Tests.Simulator;
using Sas.Interop.Testing;

namespace Sas.Interop.Connectors.SasFhir.Tests.Connector;

/// <summary>The connector's SOS Médecins flow against the publisher simulator over real loopback HTTP.</summary>
public sealed class SosConnectorTests
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
    public async System.Threading.Tasks.Task The_wire_query_is_exactly_the_IG_SOS_search()
    {
        await using var simulator = await StartAsync(associations: 2);
        var connector = _harness.Create(ConnectorHarness.SosSection(simulator.BaseUrl, simulator.OrganizationIds), simulator.BaseUrl + "/");
        var from = new DateTimeOffset(2023, 8, 18, 9, 0, 0, TimeSpan.FromHours(2));
        var to = new DateTimeOffset(2023, 8, 20, 8, 0, 0, TimeSpan.FromHours(2));

        await ConnectorHarness.FetchAllAsync(connector, from, to);

        var ids = simulator.OrganizationIds;
        var search = simulator.LastSearch!;
        Assert.Multiple(() =>
        {
            Assert.That(search.Path, Is.EqualTo("/fhir/Schedule"));
            Assert.That(search.Accept, Is.EqualTo("application/fhir+json"));
            // The corrected IG request (its example bundle's self link, digest §2.4), parameter for parameter.
            Assert.That(search.DecodedQuery, Is.EqualTo(
                "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
                + "&_has:Slot:schedule:start=ge2023-08-18T09:00:00.0000000+02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00.0000000+02:00"
                + "&_has:Slot:schedule:status=free"
                + $"&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2|{ids[0]},urn:oid:1.2.250.1.71.4.2.2|{ids[1]}"));
            Assert.That(search.RawQuery, Is.EqualTo(
                "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
                + "&_has:Slot:schedule:start=ge2023-08-18T09:00:00.0000000%2B02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00.0000000%2B02:00"
                + "&_has:Slot:schedule:status=free"
                + $"&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C{ids[0]},urn:oid:1.2.250.1.71.4.2.2%7C{ids[1]}"));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task The_IG_SOS_example_resources_come_back_for_its_two_associations()
    {
        var example = IgExamples.ReadBundle(IgPackage.SosBundle);
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [example] }, CancellationToken.None);
        // One SIRET prefixed, one bare: the connector prefixes it.
        var connector = _harness.Create(ConnectorHarness.SosSection(simulator.BaseUrl, [IgExamples.RennesSiret, IgExamples.LorientSiret[1..]]), simulator.BaseUrl);

        var batch = (await ConnectorHarness.FetchAllAsync(connector, IgExamples.SosWindowStart, IgExamples.SosWindowEnd)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(batch.Succeeded, Is.True, batch.Failure?.Message);
            Assert.That(batch.Scope, Is.EqualTo(new SyncScope(SyncScopeKind.Organization, batch.Scope.Keys, IgExamples.SosWindowStart, IgExamples.SosWindowEnd)));
            Assert.That(batch.Scope.Keys, Is.EqualTo(new[] { IgExamples.RennesSiret, IgExamples.LorientSiret }));
            Assert.That(IgExamples.Keys(batch.Resources), Is.EquivalentTo(IgExamples.Keys(IgPackage.Resources(example))));
            Assert.That(batch.Resources.Select(IgExamples.Json), Is.EquivalentTo(IgPackage.Resources(example).Select(IgExamples.Json)));
            Assert.That(batch.Resources.OfType<Schedule>().Count(), Is.EqualTo(3));
            Assert.That(batch.Resources.OfType<Slot>().Count(), Is.EqualTo(4));
            Assert.That(batch.Resources.OfType<Location>().Count(), Is.EqualTo(3));
            Assert.That(batch.Resources.OfType<Organization>().Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task A_23_association_roster_is_fetched_in_batches_of_10_10_3_with_all_slots()
    {
        await using var simulator = await StartAsync(associations: 23);
        var roster = simulator.OrganizationIds;
        var connector = _harness.Create(ConnectorHarness.SosSection(simulator.BaseUrl, roster), simulator.BaseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        var resources = batches.SelectMany(b => b.Resources).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(b => b.Succeeded), Has.All.True);
            Assert.That(batches.Select(b => b.Scope.Keys.Count), Is.EqualTo(new[] { 10, 10, 3 }));
            Assert.That(batches.SelectMany(b => b.Scope.Keys), Is.EqualTo(roster));
            Assert.That(batches.Select(b => b.Scope.Kind), Has.All.EqualTo(SyncScopeKind.Organization));
            Assert.That(batches.Select(b => (b.Scope.From, b.Scope.To)), Has.All.EqualTo((From, To)));
            Assert.That(resources.OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(SosSimulatorTests.ExpectedSlotIds(simulator.Resources, roster, From, To)).And.Unique);
            Assert.That(resources.OfType<Organization>().Select(o => o.Identifier.Single().Value), Is.EquivalentTo(roster));
            Assert.That(resources.OfType<Location>().Count(), Is.EqualTo(simulator.Resources.OfType<Location>().Count()));
            Assert.That(resources.OfType<Schedule>().Count(), Is.EqualTo(simulator.Resources.OfType<Schedule>().Count()));
            Assert.That(simulator.SearchCount, Is.EqualTo(3));
            Assert.That(simulator.Searches.Select(s => s.Path), Has.All.EqualTo("/fhir/Schedule"));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Each_batch_holds_only_its_own_associations()
    {
        await using var simulator = await StartAsync(associations: 7);
        var connector = _harness.Create(ConnectorHarness.SosSection(simulator.BaseUrl, simulator.OrganizationIds, batchSize: 3), simulator.BaseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        Assert.That(batches.Select(b => b.Scope.Keys.Count), Is.EqualTo(new[] { 3, 3, 1 }));
        foreach (var batch in batches)
        {
            Assert.That(batch.Resources.OfType<Organization>().Select(o => o.Identifier.Single().Value), Is.EquivalentTo(batch.Scope.Keys));
            Assert.That(batch.Resources.OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(SosSimulatorTests.ExpectedSlotIds(simulator.Resources, batch.Scope.Keys, From, To)));
        }
    }

    [Test]
    public async System.Threading.Tasks.Task An_HTTP_503_fails_its_batch_only()
    {
        await using var simulator = await StartAsync(associations: 23, failure: n => n == 2 ? 503 : null);
        var connector = _harness.Create(ConnectorHarness.SosSection(simulator.BaseUrl, simulator.OrganizationIds), simulator.BaseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(b => b.Succeeded), Is.EqualTo(new[] { true, false, true }));
            Assert.That(batches[1].Failure?.Kind, Is.EqualTo(ConnectorFailureKind.HttpStatus));
            Assert.That(batches[1].Failure?.Message, Does.StartWith("HTTP 503"));
            Assert.That(batches[1].Scope.Keys, Has.Count.EqualTo(10));
        });
        Assert.That(_harness.Logs.Entries.Select(e => e.Message), Has.Some.StartWith("sim-publisher: batch 2/3 (10 associations) failed after"));
    }

    [Test]
    public async System.Threading.Tasks.Task Pages_are_followed_through_next_links()
    {
        await using var simulator = await StartAsync(associations: 4, pageSize: 2);
        var connector = _harness.Create(ConnectorHarness.SosSection(simulator.BaseUrl, simulator.OrganizationIds), simulator.BaseUrl + "/");

        var batch = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single();

        var schedules = simulator.Resources.OfType<Schedule>().Count();
        Assert.That(batch.Succeeded, Is.True, batch.Failure?.Message);
        Assert.That(batch.Resources.OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(SosSimulatorTests.ExpectedSlotIds(simulator.Resources, simulator.OrganizationIds, From, To)));
        Assert.That(simulator.SearchCount, Is.EqualTo((schedules + 1) / 2));
    }

    [Test]
    public async System.Threading.Tasks.Task Unknown_associations_are_a_success_with_no_resources()
    {
        await using var simulator = await StartAsync(associations: 2);
        var connector = _harness.Create(ConnectorHarness.SosSection(simulator.BaseUrl, ["12345678900011"]), simulator.BaseUrl + "/");

        var batch = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single();

        Assert.That(batch.Succeeded, Is.True, batch.Failure?.Message);
        Assert.That(batch.Resources, Is.Empty);
        Assert.That(batch.Scope.Keys, Is.EqualTo(new[] { "312345678900011" }));
    }

    private static Task<PublisherSimulator> StartAsync(int associations, int? pageSize = null, Func<int, int?>? failure = null) =>
        PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Kind = SimulatedPublisherKind.Sos, Seed = 21, Anchor = Anchor, Days = 4, AssociationCount = associations, PageSize = pageSize, SearchFailure = failure }, CancellationToken.None);
}
