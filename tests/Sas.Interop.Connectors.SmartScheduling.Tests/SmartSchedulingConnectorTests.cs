using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Samples.SmartScheduling;
using Sas.Interop.Connectors.Testing;

namespace Sas.Interop.Connectors.SmartScheduling.Tests;

/// <summary>The smart-scheduling connector against its simulator over loopback.</summary>
public sealed class SmartSchedulingConnectorTests
{
    private static readonly DateOnly FirstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
    private static readonly DateTimeOffset From = new(FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(3);

    private SmartSchedulingSimulator _simulator = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async System.Threading.Tasks.Task StartAsync()
    {
        _simulator = await SmartSchedulingSimulator.StartAsync(new SmartSchedulingSimulatorOptions { Name = "ssl-test", PractitionerCount = 3, Seed = 21, Days = 5, FirstDay = FirstDay }, CancellationToken.None);
        _http = new HttpClient();
    }

    [TearDown]
    public async System.Threading.Tasks.Task StopAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task A_first_run_is_a_full_snapshot_that_conforms_and_keeps_only_the_window()
    {
        var run = await ConnectorConformance.RunAsync(Create(), From, To);

        ConnectorConformance.AssertConforms(run, _simulator.PractitionerIds);
        ConnectorConformance.AssertDeclaresRoster(new SmartSchedulingConnectorType(), "ssl", Settings(_simulator.PractitionerIds), run);
        var expected = _simulator.Slots().Where(s => s.Start >= From && s.Start <= To).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Batches.All(b => b.ReplacesScope), Is.True);
            Assert.That(_simulator.Requests, Has.Some.EqualTo("/ssl/$bulk-publish"));
            Assert.That(run.Slots, Has.Count.EqualTo(expected.Count));
            Assert.That(run.Slots.Count(s => s.Status == SlotStatus.Free), Is.EqualTo(expected.Count(s => s.Status == Hl7.Fhir.Model.Slot.SlotStatus.Free)), "capacity 2 is still one free slot");
            Assert.That(run.Slots.All(s => s.BookingUrl!.StartsWith("https://ssl.example/ssl-test/book?slot=", StringComparison.Ordinal)), Is.True, "booking-deep-link → comment");
            var places = run.Normalized.SelectMany(n => n.Normalized.Places).ToList();
            Assert.That(places, Has.Count.EqualTo(3));
            Assert.That(places.All(p => p.Address!.City is not null && p.LocationName!.StartsWith("Centre médical", StringComparison.Ordinal)), Is.True);
            Assert.That(places.All(p => p.Telecoms.Count >= 2), Is.True, "the Location phone and the booking phone");
            Assert.That(run.Normalized.SelectMany(n => n.Normalized.Practitioners).All(p => p.Family is not null), Is.True);
        }
    }

    [Test]
    public async System.Threading.Tasks.Task The_next_run_asks_since_the_previous_transaction_and_carries_only_changes()
    {
        var connector = Create();
        await ConnectorConformance.RunAsync(connector, From, To);
        var booked = _simulator.Slots().First(s => s.Start >= From && s.Start <= To && s.Status == Hl7.Fhir.Model.Slot.SlotStatus.Free);
        _simulator.Book(booked.Id);

        var run = await ConnectorConformance.RunAsync(connector, From, To);

        ConnectorConformance.AssertConforms(run, _simulator.PractitionerIds);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_simulator.Requests.Last(r => r.StartsWith("/ssl/$bulk-publish", StringComparison.Ordinal)), Does.Contain("_since="));
            Assert.That(run.Batches.All(b => !b.ReplacesScope), Is.True, "changes only: nothing may be deleted");
            Assert.That(run.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { "ssl-" + booked.Id }));
            Assert.That(run.Slots.Single().Status, Is.EqualTo(SlotStatus.Busy), "a booked slot is stored busy, so it is no longer served");
        }
    }

    [Test]
    public async System.Threading.Tasks.Task FullSnapshotEvery_1_makes_every_run_a_snapshot()
    {
        var connector = Create(fullSnapshotEvery: 1);
        await ConnectorConformance.RunAsync(connector, From, To);
        var removed = _simulator.Slots().First(s => s.Start >= From && s.Start <= To);
        _simulator.Remove(removed.Id);

        var run = await ConnectorConformance.RunAsync(connector, From, To);

        Assert.That(run.Batches.All(b => b.ReplacesScope), Is.True);
        Assert.That(_simulator.Requests.Where(r => r.Contains("_since", StringComparison.Ordinal)), Is.Empty);
        Assert.That(run.Slots.Select(s => s.NativeId), Does.Not.Contain("ssl-" + removed.Id), "a snapshot is how a removal is learnt");
    }

    [Test]
    public async System.Threading.Tasks.Task A_malformed_line_fails_every_batch_and_the_next_run_starts_again_from_a_snapshot()
    {
        var connector = Create();
        await ConnectorConformance.RunAsync(connector, From, To);
        _simulator.MalformedSlotFile = true;

        var broken = await ConnectorConformance.RunAsync(connector, From, To);
        _simulator.MalformedSlotFile = false;
        var next = await ConnectorConformance.RunAsync(connector, From, To);

        Assert.That(broken.Batches.Select(b => b.Failure?.Kind), Is.All.EqualTo(ConnectorFailureKind.Malformed));
        Assert.That(broken.Batches.Single().Failure!.Message, Does.Contain("Slot file"));
        ConnectorConformance.AssertConforms(next, _simulator.PractitionerIds);
        Assert.That(next.Batches.All(b => b.ReplacesScope), Is.True, "after a failure the cursor is dropped");
    }

    [Test]
    public async System.Threading.Tasks.Task Schedules_of_practitioners_outside_the_roster_are_skipped()
    {
        var connector = ConnectorConformance.Create(new SmartSchedulingConnectorType(), "ssl", Settings([_simulator.PractitionerIds[0]]), _http);

        var run = await ConnectorConformance.RunAsync(connector, From, To);

        ConnectorConformance.AssertConforms(run, [_simulator.PractitionerIds[0]]);
        Assert.That(run.Slots.Select(s => s.PractitionerNationalId).Distinct(), Is.EqualTo(new[] { _simulator.PractitionerIds[0] }));
    }

    [Test]
    public async System.Threading.Tasks.Task An_unreachable_publisher_is_a_network_failure()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = Settings(_simulator.PractitionerIds);
        settings["BaseUrl"] = $"http://127.0.0.1:{port}/ssl";
        var connector = ConnectorConformance.Create(new SmartSchedulingConnectorType(), "ssl", settings, _http);

        var run = await ConnectorConformance.RunAsync(connector, From, To);

        Assert.That(run.Batches.Single().Failure!.Kind, Is.EqualTo(ConnectorFailureKind.Network));
    }

    private IAgendaConnector Create(int? fullSnapshotEvery = null)
    {
        var settings = Settings(_simulator.PractitionerIds);
        if (fullSnapshotEvery is { } every)
        {
            settings["FullSnapshotEvery"] = every.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ConnectorConformance.Create(new SmartSchedulingConnectorType(), "ssl", settings, _http);
    }

    private Dictionary<string, string?> Settings(IReadOnlyList<string> practitioners)
    {
        var settings = new Dictionary<string, string?> { ["BaseUrl"] = _simulator.BaseUrl };
        for (var i = 0; i < practitioners.Count; i++)
        {
            settings[$"Practitioners:{i}"] = practitioners[i];
        }

        return settings;
    }
}
