using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Ingestion.Normalisation;
using Specialty = Sas.Interop.Connectors.Abstractions.Specialty;

namespace Sas.Interop.Fhir.Tests.Connectors;

/// <summary>
/// Issue #21: every field the SAS is served in the PS flow can be set through the plugin contract
/// (<see cref="PsAgendaResources"/>), and what it builds is what the hub's own normaliser reads and the facade serves.
/// </summary>
public sealed class PsAgendaResourcesContractTests
{
    private const string Rpps = "810100050075";
    private const string SiteFiness = "1750000000";
    private const string OrganizationSiret = "312345678901234";

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset SlotStart = Now.AddHours(3);

    [Test]
    public void Every_field_reaches_the_canonical_records_without_an_issue()
    {
        var batch = Normalize(FullAgenda());

        Assert.That(batch.Issues, Is.Empty);
        var practitioner = batch.Practitioners.Single();
        var place = batch.Places.Single();
        var schedule = batch.Schedules.Single();
        var slot = batch.Slots.Single();
        Assert.Multiple(() =>
        {
            Assert.That(practitioner.NationalId, Is.EqualTo(Rpps));
            Assert.That(practitioner.Family, Is.EqualTo("MARTIN"));
            Assert.That(practitioner.Given, Is.EqualTo(new[] { "Anne" }));
            Assert.That(practitioner.Languages, Is.EqualTo(new[] { "fr", "pt-BR" }));
            Assert.That(practitioner.Telecoms, Is.EqualTo(new[] { new CanonicalTelecom("phone", "+33612345678"), new CanonicalTelecom("email", "anne.martin@example.org") }));

            Assert.That(place.LocationName, Is.EqualTo("Cabinet du Gravier"));
            Assert.That(place.Address, Is.Not.Null);
            Assert.That(place.Address!.PostalCode, Is.EqualTo("47000"));
            Assert.That(place.Position, Is.EqualTo(new GeoPoint(44.2033, 0.6163)), "Location.position, not the postal code's centroid");
            Assert.That(place.LocationIdentifier, Is.EqualTo(new CanonicalIdentifier(KnownIdentifierSystems.StructureNationalId, SiteFiness)));
            Assert.That(place.Organization?.Value, Is.EqualTo(OrganizationSiret));
            Assert.That(place.Organization?.System, Is.EqualTo(KnownIdentifierSystems.StructureNationalId));
            Assert.That(place.Telecoms, Is.EqualTo(new[] { new CanonicalTelecom("phone", "+33553000000"), new CanonicalTelecom("email", "cabinet@example.org") }));
            Assert.That(place.Specialties, Is.EqualTo(new[] { new CanonicalCode(SasCodeSystems.SpecialiteOrdinale, "SM54", "Médecine générale") }));
            Assert.That(place.DeclaredDurations, Is.EqualTo(new[] { new DeclaredDuration(ConsultationModes.Ambulatory, 20) }));
            Assert.That(place.Active, Is.False);
            Assert.That(place.NotAvailable, Has.Count.EqualTo(2));
            Assert.That(place.NotAvailable[0], Is.EqualTo(new CanonicalUnavailability { Description = "Congés annuels", Start = Now.AddDays(10), End = Now.AddDays(20) }));
            Assert.That(place.NotAvailable[1], Is.EqualTo(new CanonicalUnavailability { Description = "Indisponible", Start = Now.AddDays(30) }));
            Assert.That(place.HomeVisitRadiusMeters, Is.EqualTo(8_000));
            Assert.That(place.Hours, Is.EqualTo(new[]
            {
                new CanonicalOpeningHours(["mon", "tue"], false, "08:30:00", "19:00:00"),
                new CanonicalOpeningHours(["sat"], true, null, null),
            }).Using<CanonicalOpeningHours>((a, b) => a.Days.SequenceEqual(b.Days) && a.AllDay == b.AllDay && a.Opening == b.Opening && a.Closing == b.Closing));

            Assert.That(schedule.Active, Is.False);

            Assert.That(slot.Types, Is.EqualTo(SlotTypes.Public | SlotTypes.Snp));
            Assert.That(slot.Modes, Is.EqualTo(ConsultationModes.Ambulatory | ConsultationModes.HomeVisit));
            Assert.That(slot.Motives, Is.EqualTo(new[] { "Consultation" }));
            Assert.That(slot.Specialties, Is.EqualTo(new[] { new CanonicalCode(SasCodeSystems.SnomedCt, "394814009", "General practice") }));
            Assert.That(slot.AppointmentKind, Is.EqualTo(AppointmentKind.WalkIn));
            Assert.That(slot.Overbooked, Is.True);
            Assert.That(slot.BookingUrl, Is.EqualTo("https://rdv.example.org/slot/1"));
            Assert.That(slot.Status, Is.EqualTo(Core.Canonical.SlotStatus.Free));
            Assert.That(slot.PractitionerNationalId, Is.EqualTo(Rpps));
        });
    }

    [TestCase(SlotTypes.Public)]
    [TestCase(SlotTypes.Pro)]
    [TestCase(SlotTypes.Snp)]
    [TestCase(SlotTypes.Cpts)]
    [TestCase(SlotTypes.Public | SlotTypes.Pro | SlotTypes.Snp | SlotTypes.Cpts)]
    [TestCase(SlotTypes.None)]
    public void Each_slot_type_is_read_as_the_hub_stores_it(SlotTypes types)
    {
        var resources = Agenda(new PsSlotDetails { Types = types });

        var batch = Normalize(resources);

        Assert.That(batch.Issues, Is.Empty);
        Assert.That(batch.Slots.Single().Types, Is.EqualTo(types));
    }

    [Test]
    public void The_served_resources_carry_slot_types_specialties_and_the_rest()
    {
        var batch = Normalize(FullAgenda());

        var slot = CanonicalToFhir.ToSlot(batch.Slots.Single());
        var role = CanonicalToFhir.ToPractitionerRole(batch.Places.Single());
        var practitioner = CanonicalToFhir.ToPractitioner(batch.Practitioners.Single());

        Assert.Multiple(() =>
        {
            Assert.That(slot.Meta.Security.Select(c => (c.System, c.Code)), Is.EqualTo(new[] { (SasCodeSystems.SlotType, "PUBLIC"), (SasCodeSystems.SlotType, "SNP") }));
            Assert.That(slot.ServiceType.SelectMany(s => s.Coding).Select(c => (c.System, c.Code)), Is.EqualTo(new[] { (SasCodeSystems.ActCode, "AMB"), (SasCodeSystems.ActCode, "HH") }));
            Assert.That(slot.Specialty.Single().Coding.Single().Code, Is.EqualTo("394814009"));
            Assert.That(slot.AppointmentType.Coding.Single().Code, Is.EqualTo("WALKIN"));
            Assert.That(slot.Overbooked, Is.True);
            Assert.That(slot.Comment, Is.EqualTo("https://rdv.example.org/slot/1"));

            Assert.That(role.Specialty.Single().Coding.Single().System, Is.EqualTo(SasCodeSystems.SpecialiteOrdinale));
            Assert.That(role.Specialty.Single().Coding.Single().Code, Is.EqualTo("SM54"));
            Assert.That(role.Organization.Identifier.Value, Is.EqualTo(OrganizationSiret));
            Assert.That(role.NotAvailable.Select(n => n.Description), Is.EqualTo(new[] { "Congés annuels", "Indisponible" }));
            Assert.That(role.Extension.Single(e => e.Url == ConnectorCodeSystems.HomeVisitRadiusExtension).Value, Is.InstanceOf<Quantity>().With.Property(nameof(Quantity.Value)).EqualTo(8m));
            var location = role.Contained.OfType<Location>().Single();
            Assert.That(location.Identifier.Single().Value, Is.EqualTo(SiteFiness));
            Assert.That(location.HoursOfOperation, Has.Count.EqualTo(2));

            Assert.That(practitioner.Communication.Select(c => c.Coding.Single().Code), Is.EqualTo(new[] { "fr", "pt-BR" }));
        });
    }

    [Test]
    public void A_cpts_only_slot_is_stripped_of_its_type_in_the_PS_rendering()
    {
        var batch = Normalize(Agenda(new PsSlotDetails { Types = SlotTypes.Pro | SlotTypes.Cpts }));

        var served = CanonicalToFhir.ToSlot(batch.Slots.Single());

        // PS profile (JDV_J165) has no CPTS code; the CPTS-only case is the store's rule (ServedSlots.CptsOnly).
        Assert.That(served.Meta.Security.Select(c => c.Code), Is.EqualTo(new[] { "PRO" }));
    }

    [Test]
    public void The_short_overloads_send_what_they_always_sent()
    {
        var slot = PsAgendaResources.Slot("s", "sched", SlotStart, SlotStart.AddMinutes(15), true, ConsultationModes.Ambulatory, ["Motif"], null);
        var role = PsAgendaResources.Role("r", "p", new PracticePlace("Cabinet", ["1 rue A"], "Agen", "47000", ["0553000000"]));
        var schedule = PsAgendaResources.Schedule("sched", "p", "r");

        Assert.Multiple(() =>
        {
            Assert.That(slot.Meta, Is.Null);
            Assert.That(slot.Specialty, Is.Empty);
            Assert.That(slot.AppointmentType, Is.Null);
            Assert.That(slot.Overbooked, Is.Null);
            Assert.That(role.Specialty, Is.Empty);
            Assert.That(role.Active, Is.Null);
            Assert.That(role.Extension, Is.Empty);
            var location = role.Contained.OfType<Location>().Single();
            Assert.That(location.Position, Is.Null);
            Assert.That(location.Identifier, Is.Empty);
            Assert.That(location.HoursOfOperation, Is.Empty);
            Assert.That(schedule.Active, Is.Null);
        });
    }

    [TestCase(90.5, 0.6)]
    [TestCase(-91, 0.6)]
    [TestCase(double.NaN, 0.6)]
    [TestCase(44.2, 180.1)]
    [TestCase(44.2, double.PositiveInfinity)]
    public void A_position_outside_WGS84_is_refused(double latitude, double longitude) =>
        Assert.That(() => Place() with { Latitude = latitude, Longitude = longitude }, Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Half_a_position_or_the_unset_zero_position_is_refused()
    {
        Assert.That(() => PsAgendaResources.Role("r", "p", Place() with { Latitude = 44.2 }), Throws.ArgumentException.With.Message.Contains("both Latitude and Longitude"));
        Assert.That(() => PsAgendaResources.Role("r", "p", Place() with { Latitude = 0, Longitude = 0 }), Throws.ArgumentException.With.Message.Contains("0, 0"));
    }

    [Test]
    public void Bad_arguments_are_refused_with_what_to_write()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => PsAgendaResources.Role("r", "p", Place() with { SiteNationalId = "750000000" }), Throws.ArgumentException.With.Message.Contains("'1750000000'"));
            Assert.That(() => PsAgendaResources.Role("r", "p", Place(), new PsRoleDetails { OrganizationNationalId = "12345678901234" }), Throws.ArgumentException.With.Message.Contains("'312345678901234'"));
            Assert.That(() => PsAgendaResources.Role("r", "p", Place(), new PsRoleDetails { OrganizationNationalId = "not an id" }), Throws.ArgumentException);
            Assert.That(() => new PsRoleDetails { HomeVisitRadiusKm = 0 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new PsRoleDetails { HomeVisitRadiusKm = 100.5 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new PracticeUnavailability("x", Now, Now), Throws.ArgumentException);
            Assert.That(() => new Specialty(" "), Throws.ArgumentException);
            Assert.That(() => new OpeningHours([DayOfWeek.Monday], new TimeOnly(8, 0), new TimeOnly(8, 0)), Throws.ArgumentException.With.Message.Contains("AllDayOn"));
            Assert.That(() => new OpeningHours([(DayOfWeek)9], new TimeOnly(8, 0), new TimeOnly(12, 0)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PsAgendaResources.ServiceTypeDuration(ConsultationModes.Ambulatory, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PsAgendaResources.ServiceTypeDuration(ConsultationModes.Ambulatory | ConsultationModes.Virtual, 15), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PsAgendaResources.Slot("s", "sched", SlotStart, SlotStart.AddMinutes(15), true, ConsultationModes.Ambulatory, [], null, new PsSlotDetails { Types = (SlotTypes)16 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PsAgendaResources.Slot("s", "sched", SlotStart, SlotStart.AddMinutes(15), true, ConsultationModes.Ambulatory, [], null, new PsSlotDetails { AppointmentKind = (AppointmentKind)7 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    private static PracticePlace Place() => new("Cabinet du Gravier", ["12 place du Gravier"], "Agen", "47000", ["05 53 00 00 00"]);

    private static List<Resource> FullAgenda()
    {
        var place = Place() with
        {
            Latitude = 44.2033,
            Longitude = 0.6163,
            SiteNationalId = SiteFiness,
            Emails = ["cabinet@example.org"],
            OpeningHours = [new OpeningHours([DayOfWeek.Monday, DayOfWeek.Tuesday], new TimeOnly(8, 30), new TimeOnly(19, 0)), OpeningHours.AllDayOn(DayOfWeek.Saturday)],
        };
        var role = PsAgendaResources.Role("r1", "p1", place, new PsRoleDetails
        {
            Specialties = [Specialty.Ordinale(ConnectorCodeSystems.SpecialiteMedecineGenerale, "Médecine générale")],
            OrganizationNationalId = OrganizationSiret,
            Active = false,
            NotAvailable = [new PracticeUnavailability("Congés annuels", Now.AddDays(10), Now.AddDays(20)), new PracticeUnavailability(null, Now.AddDays(30), null)],
            HomeVisitRadiusKm = 8,
        });
        role.Extension.Add(PsAgendaResources.ServiceTypeDuration(ConsultationModes.Ambulatory, 20));
        return
        [
            PsAgendaResources.Practitioner("p1", Rpps, "MARTIN", "Anne", new PsPractitionerDetails { Languages = ["fr", "pt-BR"], Phones = ["06 12 34 56 78"], Emails = ["anne.martin@example.org"] }),
            role,
            PsAgendaResources.Schedule("sched1", "p1", "r1", active: false),
            PsAgendaResources.Slot("slot1", "sched1", SlotStart, SlotStart.AddMinutes(20), true, ConsultationModes.Ambulatory | ConsultationModes.HomeVisit, ["Consultation"], "https://rdv.example.org/slot/1", new PsSlotDetails
            {
                Types = SlotTypes.Public | SlotTypes.Snp,
                Specialties = [Specialty.Snomed("394814009", "General practice")],
                AppointmentKind = AppointmentKind.WalkIn,
                Overbooked = true,
            }),
        ];
    }

    private static List<Resource> Agenda(PsSlotDetails slot) =>
    [
        PsAgendaResources.Practitioner("p1", Rpps, "MARTIN", "Anne"),
        PsAgendaResources.Role("r1", "p1", Place()),
        PsAgendaResources.Schedule("sched1", "p1", "r1"),
        PsAgendaResources.Slot("slot1", "sched1", SlotStart, SlotStart.AddMinutes(20), true, ConsultationModes.Ambulatory, [], null, slot),
    ];

    private static NormalizedBatch Normalize(IReadOnlyList<Resource> resources) =>
        new FhirNormalizer().Normalize("contract", new SyncScope(SyncScopeKind.Practitioner, [Rpps], Now, Now.AddDays(7)), resources, Now);
}
