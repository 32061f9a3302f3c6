using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.SmartScheduling.Tests;

/// <summary>The mapper on hand-made SMART resources: places, identity of a site, skipped references.</summary>
public sealed class SmartSchedulingMapperTests
{
    private const string Rpps1 = "810000000001";
    private const string Rpps2 = "810000000002";
    private static readonly Uri BaseUrl = new("https://publisher.example/ssl");

    [Test]
    public void A_practitioner_with_two_schedules_at_one_site_has_one_place_and_a_site_without_identifier_is_named_by_its_id()
    {
        var site = new Location { Id = "site", Name = "Maison de santé", Address = new Address { Line = ["1 rue Haute"], City = "Lyon", PostalCode = "69001" } };
        var mapper = Mapper([site], [Schedule("a", "site", Rpps1), Schedule("b", "site", Rpps1), Schedule("c", "site", Rpps2)]);

        foreach (var id in new[] { "a", "b", "c" })
        {
            mapper.AddSchedule(id);
        }

        var roles = mapper.ByPractitioner.Values.SelectMany(r => r).OfType<PractitionerRole>().ToList();
        var schedules = mapper.ByPractitioner.Values.SelectMany(r => r).OfType<Schedule>().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(roles, Has.Count.EqualTo(2), "one place per (site, practitioner)");
            Assert.That(schedules, Has.Count.EqualTo(3));
            Assert.That(schedules.Where(s => s.Id != "ssl-s-c").Select(s => s.Actor[1].Reference).Distinct().Count(), Is.EqualTo(1), "the practitioner's two schedules share the place");
            Assert.That(roles.Select(r => r.Contained.OfType<Location>().Single().Identifier.Single()).Select(i => (i.System, i.Value)).Distinct(), Is.EqualTo(new[] { ("https://publisher.example/ssl/Location", "site") }));
            Assert.That(mapper.Issues, Is.Empty);
        }
    }

    [Test]
    public void Unresolvable_references_and_bad_ids_are_reported_per_resource()
    {
        var site = new Location { Id = "site", Name = "Cabinet" };
        var badId = new Schedule { Id = "bad", Actor = [new ResourceReference("Location/site"), new ResourceReference { Identifier = new Identifier(KnownIdentifierSystems.PractitionerNationalId, "12") }] };
        var missingPractitioner = new Schedule { Id = "ghost", Actor = [new ResourceReference("Location/site"), new ResourceReference("Practitioner/nobody")] };
        var mapper = Mapper([site], [Schedule("gone", "elsewhere", Rpps1), Schedule("noplace", null, Rpps1), badId, missingPractitioner]);
        foreach (var id in new[] { "gone", "noplace", "bad", "ghost" })
        {
            mapper.AddSchedule(id);
        }

        mapper.AddSlot(new Slot { Id = "orphan", Schedule = new ResourceReference("Schedule/unknown"), StartElement = new Instant(DateTimeOffset.UtcNow), EndElement = new Instant(DateTimeOffset.UtcNow.AddMinutes(15)) }, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        mapper.AddSlot(new Slot { Id = "nowhere", StartElement = new Instant(DateTimeOffset.UtcNow), EndElement = new Instant(DateTimeOffset.UtcNow.AddMinutes(15)) }, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        Assert.That(mapper.Issues.Select(i => (i.ResourceType, i.NativeId, i.Reason)), Is.EquivalentTo(new[]
        {
            ("Schedule", "gone", IngestionIssueReasons.BrokenReference),
            ("Schedule", "noplace", IngestionIssueReasons.MissingElement),
            ("Schedule", "bad", IngestionIssueReasons.BadIdentifier),
            ("Schedule", "ghost", IngestionIssueReasons.BrokenReference),
            ("Slot", "orphan", IngestionIssueReasons.BrokenReference),
            ("Slot", "nowhere", IngestionIssueReasons.MissingElement),
        }));
        Assert.That(mapper.ByPractitioner, Is.Empty);
    }

    [Test]
    public void The_languages_of_a_listed_Practitioner_are_carried_for_the_normaliser()
    {
        var site = new Location { Id = "site", Name = "Cabinet" };
        var practitioner = new Practitioner
        {
            Id = "p1",
            Identifier = [new Identifier(KnownIdentifierSystems.PractitionerNationalId, Rpps1)],
            Communication = [new CodeableConcept("urn:ietf:bcp:47", "fr"), new CodeableConcept("urn:ietf:bcp:47", "pt-BR")],
        };
        var mapper = new SmartSchedulingMapper(
            BaseUrl,
            new Dictionary<string, Location> { ["site"] = site },
            new Dictionary<string, Schedule> { ["a"] = new() { Id = "a", Actor = [new ResourceReference("Location/site"), new ResourceReference("Practitioner/p1")] }, ["b"] = Schedule("b", "site", Rpps2) },
            new Dictionary<string, Practitioner> { ["p1"] = practitioner },
            new HashSet<string>([Rpps1, Rpps2]));

        mapper.AddSchedule("a");
        mapper.AddSchedule("b");

        var emitted = mapper.ByPractitioner.Values.SelectMany(r => r).OfType<Practitioner>().ToDictionary(p => p.Identifier.Single().Value);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(emitted[Rpps1].Communication.Select(c => c.Coding.Single().Code), Is.EqualTo(new[] { "fr", "pt-BR" }));
            Assert.That(emitted[Rpps2].Communication, Is.Empty, "a logical reference has no languages");
        }
    }

    private static SmartSchedulingMapper Mapper(IEnumerable<Location> locations, IEnumerable<Schedule> schedules) =>
        new(BaseUrl, locations.ToDictionary(l => l.Id), schedules.ToDictionary(s => s.Id), new Dictionary<string, Practitioner>(), new HashSet<string>([Rpps1, Rpps2]));

    private static Schedule Schedule(string id, string? locationId, string rpps)
    {
        var schedule = new Schedule { Id = id };
        if (locationId is not null)
        {
            schedule.Actor.Add(new ResourceReference("Location/" + locationId));
        }

        schedule.Actor.Add(new ResourceReference { Identifier = new Identifier(KnownIdentifierSystems.PractitionerNationalId, rpps), Display = "Dr Test NOM" });
        return schedule;
    }
}
