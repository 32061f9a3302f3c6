using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Samples.SmartScheduling;
using Sas.Interop.Connectors.Testing;

namespace Sas.Interop.Connectors.SmartScheduling.Tests;

/// <summary>Feeds shaped as the SMART Scheduling Links spec allows, against the simulator over loopback.</summary>
public sealed class SmartSchedulingSpecFeedTests
{
    private static readonly DateOnly FirstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
    private static readonly DateTimeOffset From = new(FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(3);

    private readonly List<SmartSchedulingSimulator> _simulators = [];
    private HttpClient _http = null!;

    [SetUp]
    public void CreateClient() => _http = new HttpClient();

    [TearDown]
    public async System.Threading.Tasks.Task StopAsync()
    {
        _http.Dispose();
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }

        _simulators.Clear();
    }

    [Test]
    public async System.Threading.Tasks.Task Location_only_schedules_and_their_slots_are_reported_with_the_reason_never_dropped_silently()
    {
        var simulator = await StartAsync(new SmartSchedulingSimulatorOptions { Name = "spec", PractitionerCount = 2, StructureSchedules = 2, Seed = 5, Days = 4, FirstDay = FirstDay });

        var run = await ConnectorConformance.RunAsync(Create(simulator), From, To);

        ConnectorConformance.AssertConforms(run, simulator.PractitionerIds);
        var issues = run.Batches.SelectMany(b => b.Issues).ToList();
        var structureSlots = simulator.Slots()
            .Where(s => s.Start >= From && s.Start <= To && simulator.StructureScheduleIds.Contains(s.Schedule.Reference["Schedule/".Length..]))
            .Select(s => s.Id)
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(structureSlots, Is.Not.Empty, "the structure agendas have slots in the window");
            Assert.That(issues.Where(i => i.ResourceType == "Schedule").Select(i => i.NativeId), Is.EquivalentTo(simulator.StructureScheduleIds));
            Assert.That(issues.Where(i => i.ResourceType == "Slot").Select(i => i.NativeId), Is.EquivalentTo(structureSlots), "every slot of a skipped schedule is reported");
            Assert.That(issues.Select(i => i.Reason), Is.All.EqualTo(IngestionIssueReasons.StructureAgenda));
            Assert.That(issues.All(i => i.Rejected), Is.True);
            Assert.That(issues.First(i => i.ResourceType == "Schedule").Message, Does.Contain("names no practitioner").And.Contain("Location/spec-loc-structure-"));
            Assert.That(run.Batches.Skip(1).SelectMany(b => b.Issues), Is.Empty, "reported once, on the first batch");
            Assert.That(run.Slots.Select(s => s.NativeId), Has.None.Contains("structure"), "not served yet");
        }
    }

    [Test]
    public async System.Threading.Tasks.Task A_schedule_naming_a_Practitioner_of_the_feed_is_served_with_its_structured_name()
    {
        var simulator = await StartAsync(new SmartSchedulingSimulatorOptions { Name = "pra", PractitionerCount = 2, Seed = 6, Days = 4, FirstDay = FirstDay, PractitionerActor = SmartPractitionerActor.PractitionerResource });

        var run = await ConnectorConformance.RunAsync(Create(simulator), From, To);

        ConnectorConformance.AssertConforms(run, simulator.PractitionerIds);
        var practitioners = run.Normalized.SelectMany(n => n.Normalized.Practitioners).ToList();
        Assert.That(practitioners.Select(p => p.NationalId), Is.EquivalentTo(simulator.PractitionerIds));
        Assert.That(practitioners.All(p => p.Family is { Length: > 0 } family && family == family.ToUpperInvariant() && p.Given.Count == 1), Is.True);
        Assert.That(run.Batches.SelectMany(b => b.Issues), Is.Empty);
    }

    [TestCase(SmartPractitionerActor.LogicalIdentifier)]
    [TestCase(SmartPractitionerActor.PractitionerResource)]
    public async System.Threading.Tasks.Task A_name_given_as_text_keeps_its_particle_in_the_family_name(SmartPractitionerActor actor)
    {
        var simulator = await StartAsync(new SmartSchedulingSimulatorOptions { Name = "names", PractitionerCount = 2, Seed = 7, Days = 4, FirstDay = FirstDay, PractitionerActor = actor, PractitionerNames = ["Dr Loïc LE BIHAN", "Docteur Jean DE LA FONTAINE"] });

        var run = await ConnectorConformance.RunAsync(Create(simulator), From, To);

        var names = run.Normalized.SelectMany(n => n.Normalized.Practitioners).OrderBy(p => p.NationalId).Select(p => (p.Family, string.Join(' ', p.Given))).ToList();
        Assert.That(names, Is.EqualTo(new[] { ("LE BIHAN", "Loïc"), ("DE LA FONTAINE", "Jean") }));
        var served = run.Batches.SelectMany(b => b.Resources).OfType<Practitioner>().OrderBy(p => p.Identifier[0].Value).First();
        Assert.That(served.Name.Single().Prefix, Is.EqualTo(new[] { "Dr" }));
    }

    [Test]
    public async System.Threading.Tasks.Task Files_on_another_host_listed_in_AllowedFileHosts_are_fetched()
    {
        var simulator = await StartAsync(new SmartSchedulingSimulatorOptions { Name = "bucket", PractitionerCount = 2, Seed = 8, Days = 4, FirstDay = FirstDay, FileHost = "localhost" });

        var run = await ConnectorConformance.RunAsync(Create(simulator, ["LOCALHOST"]), From, To);

        ConnectorConformance.AssertConforms(run, simulator.PractitionerIds);
        Assert.That(simulator.Requests, Has.Some.StartsWith("/ssl/data/Slot.ndjson"));
    }

    [Test]
    public async System.Threading.Tasks.Task A_file_on_a_host_not_allowed_is_a_NotAllowed_failure_naming_the_host_and_the_setting()
    {
        var simulator = await StartAsync(new SmartSchedulingSimulatorOptions { Name = "bucket", PractitionerCount = 2, Seed = 8, Days = 4, FirstDay = FirstDay, FileHost = "localhost" });

        var run = await ConnectorConformance.RunAsync(Create(simulator, ["storage.example.org"]), From, To);

        var failure = run.Batches.Single().Failure!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure.Kind, Is.EqualTo(ConnectorFailureKind.NotAllowed));
            Assert.That(failure.Message, Does.Contain("'localhost'").And.Contain("Connectors:ssl:AllowedFileHosts").And.Contain("Location file"));
            Assert.That(simulator.Requests, Has.None.Contains("/data/"), "nothing fetched from a host not allowed");
        }
    }

    [TestCase("https://storage.example.org")]
    [TestCase("storage.example.org:8443")]
    [TestCase("storage.example.org/bucket")]
    public void AllowedFileHosts_takes_host_names_only(string entry)
    {
        var section = ConnectorConformance.Section(new SmartSchedulingConnectorType(), "ssl", new Dictionary<string, string?>
        {
            ["BaseUrl"] = "https://publisher.example/ssl",
            ["Practitioners:0"] = "810000000001",
            ["AllowedFileHosts:0"] = entry,
        });

        Assert.That(new SmartSchedulingConnectorType().ValidateConfiguration(section), Has.Some.Contains("AllowedFileHosts").And.Contains(entry));
    }

    [Test]
    public async System.Threading.Tasks.Task The_Location_is_kept_whole_identifiers_position_url_and_district()
    {
        var simulator = await StartAsync(new SmartSchedulingSimulatorOptions { Name = "loc", PractitionerCount = 2, Seed = 9, Days = 4, FirstDay = FirstDay });

        var run = await ConnectorConformance.RunAsync(Create(simulator), From, To);

        ConnectorConformance.AssertConforms(run, simulator.PractitionerIds);
        var published = simulator.Locations().ToDictionary(l => l.Name);
        var places = run.Normalized.SelectMany(n => n.Normalized.Places).ToList();
        var roles = run.Batches.SelectMany(b => b.Resources).OfType<PractitionerRole>().ToList();
        Assert.That(places, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            foreach (var place in places)
            {
                var source = published[place.LocationName!];
                var finess = source.Identifier.Single(i => i.System == KnownIdentifierSystems.StructureNationalId).Value;
                Assert.That(place.LocationIdentifier?.System, Is.EqualTo(KnownIdentifierSystems.StructureNationalId), "the FINESS is the place's identifier");
                Assert.That(place.LocationIdentifier?.Value, Is.EqualTo(finess));
                Assert.That(place.Position?.Latitude, Is.EqualTo((double)source.Position.Latitude!.Value).Within(1e-9), "the publisher's position, not the postal code's");
                Assert.That(place.Position?.Longitude, Is.EqualTo((double)source.Position.Longitude!.Value).Within(1e-9));
                Assert.That(place.Telecoms.Select(t => t.Value), Does.Contain(source.Telecom.Single(t => t.System == ContactPoint.ContactPointSystem.Url).Value), "the site's url");
            }

            foreach (var role in roles)
            {
                var location = role.Contained.OfType<Location>().Single();
                var source = published[location.Name];
                Assert.That(location.Address.District, Is.EqualTo("Rhône"));
                Assert.That(location.Identifier.Select(i => i.Value), Is.EqualTo(source.Identifier.Select(i => i.Value)));
                Assert.That(location.Telecom.Select(t => t.Value), Is.EqualTo(source.Telecom.Select(t => t.Value)));
                Assert.That(role.Location.Single().Reference, Is.EqualTo("#" + location.Id));
            }
        }
    }

    [Test]
    public async System.Threading.Tasks.Task A_Location_shared_by_practitioners_is_one_place_per_practitioner_all_naming_the_same_site()
    {
        var simulator = await StartAsync(new SmartSchedulingSimulatorOptions { Name = "shared", PractitionerCount = 3, Seed = 10, Days = 4, FirstDay = FirstDay, SharedLocation = true });

        var run = await ConnectorConformance.RunAsync(Create(simulator), From, To);

        ConnectorConformance.AssertConforms(run, simulator.PractitionerIds);
        var places = run.Normalized.SelectMany(n => n.Normalized.Places).ToList();
        var site = simulator.Locations().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(places.Select(p => p.PractitionerNativeId).Distinct().Count(), Is.EqualTo(3), "one place per practitioner");
            Assert.That(places, Has.Count.EqualTo(3));
            Assert.That(places.Select(p => p.LocationIdentifier).Distinct().Single()?.Value, Is.EqualTo(site.Identifier[0].Value), "one site, the same identifier");
            Assert.That(places.Select(p => (p.LocationName, p.Address!.City, p.Address.PostalCode, string.Join('|', p.Address.Lines), p.Position)).Distinct().Count(), Is.EqualTo(1));
        }
    }

    private async Task<SmartSchedulingSimulator> StartAsync(SmartSchedulingSimulatorOptions options)
    {
        var simulator = await SmartSchedulingSimulator.StartAsync(options, CancellationToken.None);
        _simulators.Add(simulator);
        return simulator;
    }

    private IAgendaConnector Create(SmartSchedulingSimulator simulator, IReadOnlyList<string>? allowedFileHosts = null)
    {
        var settings = new Dictionary<string, string?> { ["BaseUrl"] = simulator.BaseUrl };
        for (var i = 0; i < simulator.PractitionerIds.Count; i++)
        {
            settings[$"Practitioners:{i}"] = simulator.PractitionerIds[i];
        }

        for (var i = 0; i < (allowedFileHosts?.Count ?? 0); i++)
        {
            settings[$"AllowedFileHosts:{i}"] = allowedFileHosts![i];
        }

        return ConnectorConformance.Create(new SmartSchedulingConnectorType(), "ssl", settings, _http);
    }
}
