using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Samples.SmartScheduling;
using Sas.Interop.Connectors.Testing;

namespace Sas.Interop.Connectors.SmartScheduling.Tests;

/// <summary>
/// <c>Flow: structure</c>: the Location-only Schedules of a SMART feed served as structure agendas, by the FINESS or
/// SIRET their Location carries, through the hub's own normaliser (the connector kit).
/// </summary>
public sealed class SmartSchedulingStructureFlowTests
{
    private const string Tre66 = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
    private static readonly DateOnly FirstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
    private static readonly DateTimeOffset From = new(FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(3);

    private SmartSchedulingSimulator _simulator = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async System.Threading.Tasks.Task StartAsync()
    {
        // Two practitioners, four structures: three with a FINESS, the last without any.
        _simulator = await SmartSchedulingSimulator.StartAsync(
            new SmartSchedulingSimulatorOptions { Name = "cds", PractitionerCount = 2, StructureSchedules = 4, StructuresWithoutIdentifier = 1, Seed = 31, Days = 5, FirstDay = FirstDay },
            CancellationToken.None);
        _http = new HttpClient();
    }

    [TearDown]
    public async System.Threading.Tasks.Task StopAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Location_only_schedules_of_roster_structures_become_structure_agendas_that_conform()
    {
        var roster = _simulator.StructureIds.Take(2).ToList();
        var settings = Settings(roster, structureType: "cds");
        var run = await ConnectorConformance.RunAsync(ConnectorConformance.Create(new SmartSchedulingConnectorType(), "cds", settings, _http), From, To);

        ConnectorConformance.AssertConforms(run, roster, kind: SyncScopeKind.Organization);
        ConnectorConformance.AssertDeclaresRoster(new SmartSchedulingConnectorType(), "cds", settings, run);
        var structureLocations = _simulator.Locations().Where(l => l.Identifier.Any(i => roster.Contains(i.Value))).Select(l => l.Id).ToHashSet();
        var scheduleIds = _simulator.StructureScheduleIds.Where(id => structureLocations.Contains(id.Replace("-sch-", "-loc-", StringComparison.Ordinal))).ToHashSet();
        var expected = _simulator.Slots().Where(s => s.Start >= From && s.Start <= To && scheduleIds.Contains(s.Schedule.Reference["Schedule/".Length..])).ToList();
        var organizations = run.Normalized.SelectMany(n => n.Normalized.Organizations).ToList();
        var locations = run.Normalized.SelectMany(n => n.Normalized.Locations).ToList();
        var resources = run.Batches.SelectMany(b => b.Resources).ToList();
        var issues = run.Batches.SelectMany(b => b.Issues).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Slots.Select(s => s.NativeId).Order(), Is.EqualTo(expected.Select(s => "ssl-" + s.Id).Order()), "every slot of the two structures in the window, nothing else");
            Assert.That(run.Slots.Select(s => s.PractitionerNationalId), Is.All.Null);
            Assert.That(run.Slots.Select(s => s.OrganizationNationalId).Distinct().Order(), Is.EqualTo(roster.Order()));
            Assert.That(organizations.Select(o => (o.NationalId, o.StructureType)).Order(), Is.EqualTo(roster.Order().Select(id => ((string?)id, (string?)StructureTypes.Cds))));
            Assert.That(resources.OfType<Organization>().Select(o => o.Type.Single().Coding.Single()).Select(c => (c.System, c.Code)).Distinct(), Is.EqualTo(new[] { (Tre66, "124") }));
            Assert.That(organizations.Select(o => o.Name), Has.All.StartWith("Centre de santé "), "named after their site");
            Assert.That(locations, Has.Count.EqualTo(2));
            Assert.That(locations.Select(l => l.Identifier!.Value).Order(), Is.EqualTo(roster.Order()), "the site's FINESS is its identifier");
            Assert.That(locations.Select(l => l.Address?.City), Has.None.Null);
            Assert.That(locations.SelectMany(l => l.Telecoms).Select(t => t.Value), Does.Contain("+33472000000"), "booking-phone on the site");
            Assert.That(run.Normalized.SelectMany(n => n.Normalized.Schedules).Select(s => s.LocationNativeId), Has.None.Null);
            Assert.That(run.Normalized.SelectMany(n => n.Normalized.Practitioners), Is.Empty, "practitioners' Schedules belong to a Flow 'ps' instance");

            // The structure left without a FINESS is a feed-quality issue; the third structure (outside the roster) and
            // the practitioners are configuration, not reported.
            Assert.That(issues.Where(i => i.ResourceType == "Schedule").Select(i => (i.NativeId, i.Reason)), Is.EqualTo(new[] { (_simulator.StructureScheduleIds[^1], IngestionIssueReasons.MissingElement) }));
            Assert.That(issues.First().Message, Does.Contain("carries no FINESS or SIRET"));
            Assert.That(issues.Where(i => i.ResourceType == "Slot"), Is.Not.Empty.And.All.Matches<IngestionIssue>(i => i.Reason == IngestionIssueReasons.MissingElement));
        }
    }

    [Test]
    public async System.Threading.Tasks.Task Without_StructureType_a_FINESS_structure_is_untyped_so_the_hub_counts_it_as_OTHER()
    {
        var run = await ConnectorConformance.RunAsync(ConnectorConformance.Create(new SmartSchedulingConnectorType(), "cds", Settings([_simulator.StructureIds[0]]), _http), From, To);

        Assert.That(run.Batches.SelectMany(b => b.Resources).OfType<Organization>().Single().Type, Is.Empty);
        Assert.That(run.Normalized.SelectMany(n => n.Normalized.Organizations).Single().StructureType, Is.EqualTo(StructureTypes.Other));
    }

    [Test]
    public async System.Threading.Tasks.Task The_next_run_asks_since_and_carries_a_booked_structure_slot_with_its_structure()
    {
        var roster = _simulator.StructureIds.ToList();
        var connector = ConnectorConformance.Create(new SmartSchedulingConnectorType(), "cds", Settings(roster), _http);
        var first = await ConnectorConformance.RunAsync(connector, From, To);
        var booked = first.Slots.First(s => s.Status == SlotStatus.Free);
        _simulator.Book(booked.NativeId["ssl-".Length..]);

        var run = await ConnectorConformance.RunAsync(connector, From, To);

        ConnectorConformance.AssertConforms(run, roster, expectSlots: true, kind: SyncScopeKind.Organization);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_simulator.Requests.Last(r => r.StartsWith("/ssl/$bulk-publish", StringComparison.Ordinal)), Does.Contain("_since="));
            Assert.That(run.Batches.All(b => !b.ReplacesScope), Is.True, "changes only");
            Assert.That(run.Slots.Select(s => (s.NativeId, s.Status, s.OrganizationNationalId)), Is.EqualTo(new[] { (booked.NativeId, SlotStatus.Busy, booked.OrganizationNationalId) }));
            Assert.That(run.Normalized.SelectMany(n => n.Normalized.Organizations).Select(o => o.NationalId), Is.EqualTo(new[] { booked.OrganizationNationalId }), "the changed slot comes with its structure chain");
        }
    }

    [Test]
    public void A_SIRET_or_an_unusable_id_on_the_Location_is_read_as_such()
    {
        const string Siret = "34173748400020";
        var siret = new Location { Id = "siret", Name = "SOS Médecins", Identifier = [new Identifier(KnownIdentifierSystems.StructureNationalId, Siret)] };
        var junk = new Location { Id = "junk", Name = "Centre", Identifier = [new Identifier(KnownIdentifierSystems.StructureNationalId, "41234567891")] };
        var mapper = new SmartSchedulingMapper(
            new Uri("https://publisher.example/ssl"),
            new Dictionary<string, Location> { ["siret"] = siret, ["junk"] = junk },
            new Dictionary<string, Schedule>
            {
                ["a"] = new() { Id = "a", Actor = [new ResourceReference("Location/siret")] },
                ["b"] = new() { Id = "b", Actor = [new ResourceReference("Location/junk")] },
                ["c"] = new() { Id = "c" },
            },
            new Dictionary<string, Practitioner>(),
            new HashSet<string>(["3" + Siret]))
        { Structures = new StructureAgendaSettings(null) };

        var served = mapper.AddSchedule("a");
        mapper.AddSchedule("b");
        mapper.AddSchedule("c");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((served.NationalId, served.OrganizationId), Is.EqualTo(("3" + Siret, "ssl-o-3" + Siret)));
            Assert.That(mapper.ByRosterKey["3" + Siret].OfType<Location>().Single().ManagingOrganization.Reference, Is.EqualTo("Organization/ssl-o-3" + Siret));
            Assert.That(mapper.Issues.Select(i => (i.NativeId, i.Reason)), Is.EqualTo(new[] { ("b", IngestionIssueReasons.BadIdentifier), ("c", IngestionIssueReasons.MissingElement) }));
        }
    }

    [TestCase("Flow", "sos", "Flow 'sos' is unknown")]
    [TestCase("StructureType", "hospital", "StructureType 'hospital' is unknown")]
    [TestCase("Practitioners:0", "810000000001", "Practitioners is not used by Flow 'structure'")]
    [TestCase("Organizations:1", "12345", "Organizations: '12345' is not a FINESS or a SIRET")]
    public void A_structure_instance_with_a_mistake_gets_a_readable_message(string key, string value, string message)
    {
        var settings = Settings(["1750000000"]);
        settings[key] = value;
        var section = ConnectorConformance.Section(new SmartSchedulingConnectorType(), "cds", settings);

        Assert.That(new SmartSchedulingConnectorType().ValidateConfiguration(section), Has.Some.Contains(message));
    }

    [Test]
    public void Structure_keys_belong_to_Flow_structure_and_it_needs_them()
    {
        var type = new SmartSchedulingConnectorType();
        var ps = ConnectorConformance.Section(type, "ssl", new Dictionary<string, string?> { ["BaseUrl"] = "https://publisher.example/ssl", ["Practitioners:0"] = "810000000001", ["Organizations:0"] = "1750000000", ["StructureType"] = "CDS" });
        var empty = ConnectorConformance.Section(type, "cds", new Dictionary<string, string?> { ["BaseUrl"] = "https://publisher.example/ssl", ["Flow"] = "structure" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(type.ValidateConfiguration(ps), Has.Some.Contains("Organizations is only used by Flow 'structure'").And.Some.Contains("StructureType is only used by Flow 'structure'"));
            Assert.That(type.ValidateConfiguration(empty), Has.Some.Contains("Organizations is required for Flow 'structure'"));
            Assert.That(type.ReadRoster(ConnectorConformance.Section(type, "cds", Settings(["750000000", "1750000000", "34173748400020"]))), Is.EqualTo(new SourceRoster(SyncScopeKind.Organization, ["1750000000", "334173748400020"])).Using<SourceRoster>((a, b) => a.Kind == b.Kind && a.Keys.SequenceEqual(b.Keys)));
        }
    }

    private Dictionary<string, string?> Settings(IReadOnlyList<string> structures, string? structureType = null)
    {
        var settings = new Dictionary<string, string?> { ["BaseUrl"] = _simulator?.BaseUrl ?? "https://publisher.example/ssl", ["Flow"] = "structure" };
        if (structureType is not null)
        {
            settings["StructureType"] = structureType;
        }

        for (var i = 0; i < structures.Count; i++)
        {
            settings[$"Organizations:{i}"] = structures[i];
        }

        return settings;
    }
}
