using System.Net;
using System.Net.Sockets;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Connectors.SasFhir.Tests.Simulator;

namespace Sas.Interop.Connectors.SasFhir.Tests.Connector;

/// <summary>The connector against the publisher simulator over real loopback HTTP.</summary>
public sealed class SasFhirConnectorTests
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
    public async System.Threading.Tasks.Task A_60_practitioner_roster_is_fetched_in_batches_of_25_25_10_with_all_slots()
    {
        await using var simulator = await StartAsync(practitioners: 60);
        var roster = simulator.PractitionerIds;
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, roster), simulator.BaseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        var slots = batches.SelectMany(b => b.Resources).OfType<Slot>().Select(s => s.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(b => b.Succeeded), Has.All.True);
            Assert.That(batches.Select(b => b.Scope.Keys.Count), Is.EqualTo(new[] { 25, 25, 10 }));
            Assert.That(batches.SelectMany(b => b.Scope.Keys), Is.EqualTo(roster));
            Assert.That(batches.Select(b => b.Scope.Kind), Has.All.EqualTo(SyncScopeKind.Practitioner));
            Assert.That(batches.Select(b => (b.Scope.From, b.Scope.To)), Has.All.EqualTo((From, To)));
            Assert.That(slots, Is.EquivalentTo(PublisherSimulatorTests.ExpectedSlotIds(simulator.Resources, roster, From, To)));
            Assert.That(slots, Is.Unique);
            Assert.That(simulator.SearchCount, Is.EqualTo(3));
            Assert.That(batches.SelectMany(b => b.Resources).OfType<Practitioner>().Count(), Is.EqualTo(60));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task The_wire_query_is_exactly_the_IG_search()
    {
        await using var simulator = await StartAsync(practitioners: 2);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), simulator.BaseUrl + "/");
        var from = new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.FromHours(1));
        var to = new DateTimeOffset(2025, 3, 13, 8, 0, 0, TimeSpan.FromHours(1));

        await ConnectorHarness.FetchAllAsync(connector, from, to);

        var ids = simulator.PractitionerIds;
        var search = simulator.LastSearch!;
        Assert.Multiple(() =>
        {
            Assert.That(search.Path, Is.EqualTo("/fhir/Slot"));
            Assert.That(search.Accept, Is.EqualTo("application/fhir+json"));
            // As decoded by the publisher: the IG form, character for character.
            Assert.That(search.DecodedQuery, Is.EqualTo(
                "_include=Slot:schedule&_include:iterate=Schedule:actor"
                + "&start=ge2025-03-10T08:00:00.0000000+01:00&start=le2025-03-13T08:00:00.0000000+01:00&status=free"
                + $"&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|{ids[0]},urn:oid:1.2.250.1.71.4.2.1|{ids[1]}"));
            // On the wire: ':' left as is, '|' written %7C once (as in the IG self link), the offset's '+' as %2B
            // so that form decoders do not read a space.
            Assert.That(search.RawQuery, Is.EqualTo(
                "_include=Slot:schedule&_include:iterate=Schedule:actor"
                + "&start=ge2025-03-10T08:00:00.0000000%2B01:00&start=le2025-03-13T08:00:00.0000000%2B01:00&status=free"
                + $"&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C{ids[0]},urn:oid:1.2.250.1.71.4.2.1%7C{ids[1]}"));
        });
    }

    [TestCase("/", TestName = "BaseAddress with a trailing slash")]
    [TestCase("", TestName = "BaseAddress without a trailing slash")]
    [TestCase(null, TestName = "BaseAddress unset: taken from BaseUrl")]
    public async System.Threading.Tasks.Task A_base_URL_with_a_path_keeps_it(string? suffix)
    {
        await using var simulator = await StartAsync(practitioners: 1);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), suffix is null ? null : simulator.BaseUrl + suffix);

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        Assert.That(batches.Single().Succeeded, Is.True, batches.Single().Failure?.Message);
        Assert.That(simulator.LastSearch?.Path, Is.EqualTo("/fhir/Slot"));
    }

    [Test]
    public async System.Threading.Tasks.Task The_IG_example_resources_give_the_example_4_slots_for_its_2_practitioners()
    {
        await using var simulator = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Resources = [IgExamples.PsIndividualBundle()] }, CancellationToken.None);
        // Bare RPPS for one of them: the connector prefixes it.
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, [IgExamples.MarcelNationalId, IgExamples.ThomasNationalId[1..]]), simulator.BaseUrl);

        var batch = (await ConnectorHarness.FetchAllAsync(connector, IgExamples.WindowStart, IgExamples.WindowEnd)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(batch.Succeeded, Is.True, batch.Failure?.Message);
            Assert.That(batch.Scope.Keys, Is.EqualTo(new[] { IgExamples.MarcelNationalId, IgExamples.ThomasNationalId }));
            Assert.That(batch.Resources.OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(new[] { "ExampleSlotPSIndiv1", "ExampleSlotPSIndiv2", "ExampleSlotPSIndiv3", "ExampleSlotPSIndiv4" }));
            Assert.That(batch.Resources.OfType<Schedule>().Count(), Is.EqualTo(3));
            Assert.That(batch.Resources.OfType<Practitioner>().Count(), Is.EqualTo(2));
            Assert.That(batch.Resources.OfType<PractitionerRole>().Select(r => r.Contained.Count), Has.All.EqualTo(1));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Unknown_practitioners_are_a_success_with_no_resources()
    {
        await using var simulator = await StartAsync(practitioners: 3);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, ["810000000001", "10000000002"]), simulator.BaseUrl + "/");

        var batch = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(batch.Succeeded, Is.True, batch.Failure?.Message);
            Assert.That(batch.Resources, Is.Empty);
            Assert.That(batch.Scope.Keys, Is.EqualTo(new[] { "810000000001", "810000000002" }));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task A_dead_port_fails_every_batch_as_Network_without_throwing()
    {
        var baseUrl = $"http://127.0.0.1:{ConnectorHarness.UnusedPort()}/fhir";
        var connector = _harness.Create(ConnectorHarness.Section(baseUrl, RandomIds(30), batchSize: 10), baseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        Assert.That(batches, Has.Count.EqualTo(3));
        Assert.That(batches.Select(b => b.Failure?.Kind), Has.All.EqualTo(ConnectorFailureKind.Network), batches[0].Failure?.Message);
        Assert.That(batches.Select(b => b.Resources.Count), Has.All.Zero);
    }

    [Test]
    public async System.Threading.Tasks.Task An_HTTP_500_fails_its_batch_only()
    {
        await using var simulator = await StartAsync(practitioners: 60, failure: n => n == 1 ? 500 : null);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), simulator.BaseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        Assert.Multiple(() =>
        {
            Assert.That(batches, Has.Count.EqualTo(3));
            Assert.That(batches[0].Failure?.Kind, Is.EqualTo(ConnectorFailureKind.HttpStatus));
            Assert.That(batches[0].Failure?.Message, Does.StartWith("HTTP 500").And.Contain("Simulated failure (HTTP 500) of search #1."));
            Assert.That(batches[0].Resources, Is.Empty);
            Assert.That(batches.Skip(1).Select(b => b.Succeeded), Has.All.True);
            Assert.That(batches.Skip(1).SelectMany(b => b.Resources).OfType<Slot>(), Is.Not.Empty);
        });
    }

    [Test]
    public async System.Threading.Tasks.Task An_HTTP_429_is_RateLimited()
    {
        await using var simulator = await StartAsync(practitioners: 2, failure: _ => 429);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), simulator.BaseUrl + "/");

        var batch = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single();

        Assert.That(batch.Failure?.Kind, Is.EqualTo(ConnectorFailureKind.RateLimited));
        Assert.That(batch.Failure?.Message, Does.StartWith("HTTP 429"));
    }

    [Test]
    public async System.Threading.Tasks.Task Pages_are_followed_through_next_links()
    {
        await using var simulator = await StartAsync(practitioners: 5, pageSize: 40);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), simulator.BaseUrl + "/");

        var batch = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single();

        var expected = PublisherSimulatorTests.ExpectedSlotIds(simulator.Resources, simulator.PractitionerIds, From, To);
        Assert.That(batch.Succeeded, Is.True, batch.Failure?.Message);
        Assert.That(batch.Resources.OfType<Slot>().Select(s => s.Id), Is.EquivalentTo(expected));
        Assert.That(simulator.SearchCount, Is.EqualTo((expected.Count + 39) / 40));
    }

    [Test]
    public async System.Threading.Tasks.Task Slots_removed_at_the_publisher_are_gone_from_the_next_fetch()
    {
        await using var simulator = await StartAsync(practitioners: 2);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), simulator.BaseUrl + "/");
        var before = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single().Resources.OfType<Slot>().Select(s => s.Id).ToList();

        var gone = before[0];
        simulator.RemoveSlots(slot => slot.Id == gone);
        var after = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single().Resources.OfType<Slot>().Select(s => s.Id).ToList();

        Assert.That(after, Is.EquivalentTo(before.Skip(1)));
    }

    [Test]
    public async System.Threading.Tasks.Task A_publisher_that_never_answers_is_a_Timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var baseUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/fhir";
        var connector = _harness.Create(ConnectorHarness.Section(baseUrl, RandomIds(2)), baseUrl + "/", timeout: TimeSpan.FromMilliseconds(300));

        var batch = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single();

        Assert.That(batch.Failure?.Kind, Is.EqualTo(ConnectorFailureKind.Timeout), batch.Failure?.Message);
    }

    [Test]
    public async System.Threading.Tasks.Task Our_own_cancellation_is_rethrown()
    {
        await using var simulator = await StartAsync(practitioners: 60);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), simulator.BaseUrl + "/");
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        var fetching = async () =>
        {
            await foreach (var _ in connector.FetchAsync(new ConnectorFetchContext { InstanceId = ConnectorHarness.InstanceId, WindowStart = From, WindowEnd = To }, cancellation.Token))
            {
                seen++;
                await cancellation.CancelAsync();
            }
        };

        Assert.That(fetching, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(seen, Is.EqualTo(1));
    }

    [Test]
    public void Cancelling_a_request_in_flight_throws_instead_of_yielding_a_failure()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var baseUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/fhir";
        var connector = _harness.Create(ConnectorHarness.Section(baseUrl, RandomIds(2)), baseUrl + "/");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await ConnectorHarness.FetchAllAsync(connector, From, To, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async System.Threading.Tasks.Task Times_come_from_the_given_TimeProvider()
    {
        await using var simulator = await StartAsync(practitioners: 2);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds), simulator.BaseUrl + "/", clock);

        var batch = (await ConnectorHarness.FetchAllAsync(connector, From, To)).Single();

        Assert.That(batch.FetchedAt, Is.EqualTo(clock.GetUtcNow()));
        Assert.That(batch.Duration, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async System.Threading.Tasks.Task Each_batch_is_logged_with_instance_size_slots_and_duration()
    {
        await using var simulator = await StartAsync(practitioners: 30, failure: n => n == 2 ? 503 : null);
        var connector = _harness.Create(ConnectorHarness.Section(simulator.BaseUrl, simulator.PractitionerIds, batchSize: 20), simulator.BaseUrl + "/");

        var batches = await ConnectorHarness.FetchAllAsync(connector, From, To);

        var slotCount = batches[0].Resources.OfType<Slot>().Count();
        var lines = _harness.Logs.Entries;
        Assert.That(lines, Has.Some.Matches<(LogLevel Level, string Message)>(e =>
            e.Level == LogLevel.Information && e.Message.StartsWith($"sim-publisher: batch 1/2 (20 practitioners) returned {slotCount} slots", StringComparison.Ordinal) && e.Message.EndsWith(" ms", StringComparison.Ordinal)));
        Assert.That(lines, Has.Some.Matches<(LogLevel Level, string Message)>(e =>
            e.Level == LogLevel.Warning && e.Message.StartsWith("sim-publisher: batch 2/2 (10 practitioners) failed after", StringComparison.Ordinal) && e.Message.Contains("HttpStatus: HTTP 503", StringComparison.Ordinal)));
    }

    private static Task<PublisherSimulator> StartAsync(int practitioners, int? pageSize = null, Func<int, int?>? failure = null) =>
        PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Seed = 21, Anchor = Anchor, Days = 4, PractitionerCount = practitioners, PageSize = pageSize, SearchFailure = failure }, CancellationToken.None);

    private static List<string> RandomIds(int count) => [.. Enumerable.Range(1, count).Select(i => $"8100000{i:00000}")];
}
