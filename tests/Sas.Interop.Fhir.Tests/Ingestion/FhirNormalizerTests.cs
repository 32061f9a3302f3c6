using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Tests.TestSupport;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Tests.Ingestion;

public sealed class FhirNormalizerTests
{
    private const string Source = "editeur-a";
    private const string Thomas = "810100050075";
    private const string Marcel = "810002673899";

    private static readonly DateTimeOffset FetchedAt = new(2021, 11, 4, 14, 20, 0, TimeSpan.Zero);

    // The window of the IG PS bundle's self link.
    private static readonly SyncScope IgScope = new(
        SyncScopeKind.Practitioner,
        [Marcel, Thomas],
        new DateTimeOffset(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero),
        new DateTimeOffset(2021, 11, 6, 23, 59, 59, 999, TimeSpan.Zero));

    private static readonly SyncScope SyntheticScope = new(
        SyncScopeKind.Practitioner,
        [PublisherResources.NationalId],
        new DateTimeOffset(2021, 11, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(2021, 11, 6, 0, 0, 0, TimeSpan.FromHours(1)));

    private readonly FhirNormalizer normalizer = new();

    [Test]
    public void IgPsBundle_IsNormalisedWithoutIssues()
    {
        var batch = NormalizeIg(IgExamples.PsBundle, IgScope);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(batch.Issues, Is.Empty);
            Assert.That(batch.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { "ExampleSlotPSIndiv1", "ExampleSlotPSIndiv2", "ExampleSlotPSIndiv3", "ExampleSlotPSIndiv4" }));
            Assert.That(batch.Schedules, Has.Count.EqualTo(3));
            Assert.That(batch.Practitioners.Select(p => p.NationalId), Is.EquivalentTo(new[] { Thomas, Marcel }));
            Assert.That(batch.Places, Has.Count.EqualTo(3));
            var records = batch.Slots.Cast<SourceRecord>().Concat(batch.Schedules).Concat(batch.Places).Concat(batch.Practitioners).ToList();
            Assert.That(records.All(r => r.SourceInstance == Source && r.FetchedAt == FetchedAt), Is.True);
        }
    }

    [Test]
    public void IgPsBundle_SlotsCarryTypesModesMotivesSpecialtiesAndBookingUrl()
    {
        var slots = NormalizeIg(IgExamples.PsBundle, IgScope).Slots.ToDictionary(s => s.NativeId);

        var slot1 = slots["ExampleSlotPSIndiv1"];
        var slot2 = slots["ExampleSlotPSIndiv2"];
        var slot3 = slots["ExampleSlotPSIndiv3"];
        var slot4 = slots["ExampleSlotPSIndiv4"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(slot1.PractitionerNationalId, Is.EqualTo(Thomas));
            Assert.That(slot1.ScheduleNativeId, Is.EqualTo("ExampleSchedule1"));
            Assert.That(slot1.Start, Is.EqualTo(new DateTimeOffset(2021, 11, 5, 9, 0, 0, TimeSpan.Zero)));
            Assert.That(slot1.End, Is.EqualTo(new DateTimeOffset(2021, 11, 5, 9, 30, 0, TimeSpan.Zero)));
            Assert.That(slot1.Status, Is.EqualTo(SlotStatus.Free));
            Assert.That(slot1.Types, Is.EqualTo(SlotTypes.Public));
            Assert.That(slot1.Modes, Is.EqualTo(ConsultationModes.Ambulatory | ConsultationModes.Virtual));
            Assert.That(slot1.Motives, Is.EqualTo(new[] { "Visite de contrôle" }));
            Assert.That(slot1.Specialties.Select(c => c.Code), Is.EqualTo(new[] { "SM54", "SM05" }));
            Assert.That(slot1.Specialties.All(c => c.System == SasCodeSystems.SpecialiteOrdinale), Is.True);
            Assert.That(slot1.AppointmentKind, Is.EqualTo(AppointmentKind.Routine));
            Assert.That(slot1.BookingUrl, Is.EqualTo("https://exemple.com/rdv/com/"));

            Assert.That(slot2.Types, Is.EqualTo(SlotTypes.Pro));
            Assert.That(slot2.Motives, Is.EqualTo(new[] { "Visite urgente" }));
            Assert.That(slot2.Specialties, Is.EqualTo(new[] { new CanonicalCode(SasCodeSystems.SpecialiteOrdinale, "SM54", null, "Médecine générale") }));
            Assert.That(slot2.AppointmentKind, Is.EqualTo(AppointmentKind.WalkIn));
            Assert.That(slot2.BookingUrl, Is.Null);

            Assert.That(slot3.PractitionerNationalId, Is.EqualTo(Marcel));
            Assert.That(slot3.Types, Is.EqualTo(SlotTypes.Public | SlotTypes.Pro));
            Assert.That(slot3.Modes, Is.EqualTo(ConsultationModes.Virtual));
            Assert.That(slot3.Motives, Is.EqualTo(new[] { "Visite de contrôle", "Consultation de suivi pneumologie" }));
            Assert.That(slot3.Specialties, Is.EqualTo(new[] { new CanonicalCode(SasCodeSystems.SpecialiteOrdinale, "SM41"), new CanonicalCode(null, null, null, "Pneumologie") }));

            Assert.That(slot4.Modes, Is.EqualTo(ConsultationModes.HomeVisit));
        }
    }

    [Test]
    public void IgPsBundle_PlacesAndPractitionersAreMapped()
    {
        var batch = NormalizeIg(IgExamples.PsBundle, IgScope);
        var place = batch.Places.Single(p => p.NativeId == "ExamplePractitionerRoleAgregateur4");
        var practitioner = batch.Practitioners.Single(p => p.NativeId == "ExamplePractitioner3");
        var schedule = batch.Schedules.Single(s => s.NativeId == "ExampleSchedule3");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(place.PractitionerNativeId, Is.EqualTo("ExamplePractitioner3"));
            Assert.That(place.LocationIdentifier, Is.EqualTo(new CanonicalIdentifier("urn:oid:1.1.111.1.111.1.1.1", "1", KnownIdentifierSystems.FrLocationIdentifierType, "INTRN")));
            Assert.That(place.Address, Is.Not.Null);
            Assert.That(place.Address!.Lines, Is.EqualTo(new[] { "1 rue Mme DELMAS" }));
            Assert.That(place.Address.City, Is.EqualTo("AGEN"));
            Assert.That(place.Address.PostalCode, Is.EqualTo("47000"));
            Assert.That(place.Organization, Is.EqualTo(new CanonicalIdentifier(KnownIdentifierSystems.StructureNationalId, "1810004421", KnownIdentifierSystems.FrV20203, "IDNST")));
            Assert.That(place.Telecoms, Is.EqualTo(new[] { new CanonicalTelecom("phone", "+33658913859") }));

            Assert.That(practitioner.NationalId, Is.EqualTo(Marcel));
            Assert.That(practitioner.Family, Is.EqualTo("MARCEL"));
            Assert.That(practitioner.Given, Is.EqualTo(new[] { "Guillaume" }));

            Assert.That(schedule.PractitionerNativeId, Is.EqualTo("ExamplePractitioner3"));
            Assert.That(schedule.PlaceNativeId, Is.EqualTo("ExamplePractitionerRoleAgregateur4"));
        }
    }

    [Test]
    public void IgCptsBundle1_KeepsTheRawRppsRangOrganisation_AndLinksTheSlotToItsCpts()
    {
        var scope = new SyncScope(SyncScopeKind.Practitioner, ["810002909371"], new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2024, 6, 13, 0, 0, 0, TimeSpan.FromHours(2)));

        var batch = NormalizeIg(IgExamples.CptsBundle1, scope, scope.From);

        using (Assert.EnterMultipleScope())
        {
            // The IG example's place has no position: Aussonne's postal code (31840) gives it one, within a few km.
            Assert.That(batch.Issues, Is.Empty);
            Assert.That(batch.Places.Single().Position!.Value.DistanceMetersTo(new GeoPoint(43.682, 1.325)), Is.LessThan(3_000));
            Assert.That(batch.Places.Single().Organization, Is.EqualTo(new CanonicalIdentifier(null, "412345678912345")));
            var slot = batch.Slots.Single();
            Assert.That(slot.CptsServiceNativeIds, Is.EqualTo(new[] { "ExampleHealthcareServiceCPTS1" }));
            Assert.That(batch.HealthcareServices.Single().OrganizationNativeId, Is.EqualTo("ExampleOrgaCPTS1"));
            Assert.That(batch.Organizations.Single().NationalId, Is.EqualTo("1950047225"));
            Assert.That(batch.Organizations.Single().Name, Is.EqualTo("CPTS AXE MAJEUR"));
            Assert.That(slot.Types, Is.EqualTo(SlotTypes.Public | SlotTypes.Cpts));
            Assert.That(slot.Modes, Is.EqualTo(ConsultationModes.Ambulatory));
            Assert.That(slot.Motives, Is.EqualTo(new[] { "Visite de contrôle" }));
            Assert.That(slot.Start, Is.EqualTo(new DateTimeOffset(2024, 6, 12, 16, 40, 0, TimeSpan.FromHours(2))));
            Assert.That(slot.Start.Offset, Is.EqualTo(TimeSpan.FromHours(2)), "the publisher's offset is kept");
        }
    }

    [Test]
    public void IgCptsBundle2_TextOnTheCodedConsultationTypeIsAMotive()
    {
        var scope = new SyncScope(SyncScopeKind.Practitioner, ["810002909371"], new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2024, 6, 13, 0, 0, 0, TimeSpan.FromHours(2)));

        var slot = NormalizeIg(IgExamples.CptsBundle2, scope, scope.From).Slots.Single();

        Assert.That(slot.Motives, Is.EqualTo(new[] { "Visite de contrôle" }));
        Assert.That(slot.Modes, Is.EqualTo(ConsultationModes.Ambulatory));
    }

    [Test]
    public void LoneBareRppsIdentifier_IsPrefixed()
    {
        var practitioner = PublisherResources.Practitioner();
        practitioner.Identifier = [new Identifier { Value = "10100050075" }];

        var batch = Normalize([practitioner, PublisherResources.Role(), PublisherResources.Schedule(), PublisherResources.Slot()]);

        Assert.That(batch.Issues, Is.Empty);
        Assert.That(batch.Practitioners.Single().NationalId, Is.EqualTo(PublisherResources.NationalId));
        Assert.That(batch.Slots.Single().PractitionerNationalId, Is.EqualTo(PublisherResources.NationalId));
    }

    [Test]
    public void IdnpsTypedIdentifier_WithAnotherSystem_IsUsed_AmongSeveral()
    {
        var practitioner = PublisherResources.Practitioner();
        practitioner.Identifier =
        [
            new Identifier("https://editeur.example/ps", "42"),
            new Identifier("http://some/other/system", "8 10100 050075") { Type = new CodeableConcept(KnownIdentifierSystems.FrV20203, "IDNPS") },
        ];

        var batch = Normalize([practitioner, PublisherResources.Role(), PublisherResources.Schedule(), PublisherResources.Slot()]);

        Assert.That(batch.Practitioners.Single().NationalId, Is.EqualTo(PublisherResources.NationalId));
    }

    [Test]
    public void BadPractitionerIdentifier_RejectsThePractitionerAndEverythingHangingOnIt()
    {
        var practitioner = PublisherResources.Practitioner(nationalId: "12345");

        var batch = Normalize([practitioner, PublisherResources.Role(), PublisherResources.Schedule(), PublisherResources.Slot()]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(batch.Practitioners, Is.Empty);
            Assert.That(batch.Places, Is.Empty);
            Assert.That(batch.Schedules, Is.Empty);
            Assert.That(batch.Slots, Is.Empty);
            Assert.That(batch.Issues.Select(i => (i.ResourceType, i.Reason)), Is.EqualTo(new[]
            {
                ("Practitioner", Reasons.BadIdentifier),
                ("PractitionerRole", Reasons.BrokenReference),
                ("Schedule", Reasons.BrokenReference),
                ("Slot", Reasons.BrokenReference),
            }));
        }
    }

    [Test]
    public void PractitionerWithoutNationalIdentifier_IsRejected()
    {
        var practitioner = PublisherResources.Practitioner();
        practitioner.Identifier = [new Identifier("https://editeur.example/ps", "42"), new Identifier("https://editeur.example/other", "43")];

        var batch = Normalize([practitioner]);

        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.BadIdentifier && i.NativeId == "p1" && i.Expression == "Practitioner.identifier"));
    }

    [Test]
    public void PractitionerNotAskedFor_IsOutOfScope_WithItsSlots()
    {
        var batch = Normalize([PublisherResources.Practitioner(nationalId: "810002673899"), PublisherResources.Role(), PublisherResources.Schedule(), PublisherResources.Slot()]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(batch.Slots, Is.Empty);
            Assert.That(batch.Practitioners, Is.Empty);
            Assert.That(batch.Issues.Select(i => i.Reason), Is.All.EqualTo(Reasons.OutOfScope));
            Assert.That(batch.Issues.Select(i => i.ResourceType), Is.EqualTo(new[] { "Practitioner", "PractitionerRole", "Schedule", "Slot" }));
        }
    }

    [Test]
    public void OrganisationScope_ReadsAgendasAsSosOnes_SoPractitionerAgendasAreRejected()
    {
        var scope = SyntheticScope with { Kind = SyncScopeKind.Organization, Keys = ["334173748400020"] };

        var batch = normalizer.Normalize(Source, scope, PublisherResources.OneOfEach(), FetchedAt);

        Assert.That(batch.Slots, Is.Empty);
        Assert.That(batch.Issues, Has.Some.Matches<IngestionIssue>(i => i.ResourceType == "Schedule" && i.Reason == Reasons.MissingElement && i.Message.Contains("Location actor", StringComparison.Ordinal)));
    }

    [Test]
    public void SlotOutsideTheWindow_IsRejected_OthersKept()
    {
        var early = PublisherResources.Slot("early", start: SyntheticScope.From.AddMinutes(-1));
        var atEnd = PublisherResources.Slot("at-end", start: SyntheticScope.To);

        var batch = Normalize([.. PublisherResources.OneOfEach(), early, atEnd]);

        Assert.That(batch.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { "slot1", "at-end" }));
        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.OutOfWindow && i.NativeId == "early" && i.Expression == "Slot.start"));
    }

    // Issue #15 5b: a year-0001 slot was stored. One rule (SlotTimeWindow, a year either side of the fetch) for pull
    // and push; an unbounded asked window (as a push's) does not let it through, and its reason says what it is.
    [TestCase("0001-01-01T09:00:00Z", "start", TestName = "A slot of year 0001 is rejected as implausible")]
    [TestCase("2020-11-04T14:19:00Z", "start", TestName = "A slot starting a year and a minute before the fetch is rejected")]
    [TestCase("2022-11-04T14:00:00Z", "end", TestName = "A slot ending more than a year after the fetch is rejected")]
    [TestCase("9999-12-31T09:00:00Z", "start", TestName = "A slot of year 9999 is rejected as implausible")]
    public void SlotOutsideThePlausibleTimeWindow_IsRejectedWithItsReason(string start, string element)
    {
        var slot = PublisherResources.Slot("odd", start: DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        var unbounded = SyntheticScope with { From = DateTimeOffset.MinValue, To = DateTimeOffset.MaxValue };

        var batch = normalizer.Normalize(Source, unbounded, [.. PublisherResources.OneOfEach(), slot], FetchedAt);

        Assert.That(batch.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { "slot1" }));
        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.ImplausibleTime && i.NativeId == "odd" && i.Expression == "Slot." + element && i.Rejected));
    }

    [Test]
    public void SlotsWithinAYearOfTheFetch_AreKept()
    {
        var unbounded = SyntheticScope with { From = DateTimeOffset.MinValue, To = DateTimeOffset.MaxValue };
        var past = PublisherResources.Slot("past", start: FetchedAt - SlotTimeWindow.MaxPast);
        var ahead = PublisherResources.Slot("ahead", start: FetchedAt + SlotTimeWindow.MaxAhead - TimeSpan.FromMinutes(30));

        var batch = normalizer.Normalize(Source, unbounded, [.. PublisherResources.OneOfEach(), past, ahead], FetchedAt);

        Assert.That(batch.Slots.Select(s => s.NativeId), Is.EquivalentTo(new[] { "slot1", "past", "ahead" }));
    }

    [Test]
    public void UnknownSlotTypeCode_IsReported_ButTheSlotIsKept()
    {
        var slot = PublisherResources.Slot();
        slot.Meta!.Security.Add(new Coding(SasCodeSystems.SlotType, "VIP"));
        slot.Meta.Security.Add(new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "N"));

        var batch = Normalize([PublisherResources.Practitioner(), PublisherResources.Role(), PublisherResources.Schedule(), slot]);

        Assert.That(batch.Slots.Single().Types, Is.EqualTo(SlotTypes.Public));
        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.BadCode && i.Message.Contains("VIP", StringComparison.Ordinal)));
        Assert.That(batch.Issues, Has.Count.EqualTo(1), "other security labels are not slot types and are ignored silently");
    }

    [Test]
    public void UnknownConsultationTypeAndAppointmentType_AreReported_SlotKept()
    {
        var slot = PublisherResources.Slot();
        slot.ServiceType = [new CodeableConcept(SasCodeSystems.ActCode, "EMER"), new CodeableConcept(SasCodeSystems.ActCode, "AMB", "Consultation au cabinet", null)];
        slot.AppointmentType = new CodeableConcept(SasCodeSystems.AppointmentType, "EMERGENCY");

        var batch = Normalize([PublisherResources.Practitioner(), PublisherResources.Role(), PublisherResources.Schedule(), slot]);

        var kept = batch.Slots.Single();
        Assert.That(kept.Modes, Is.EqualTo(ConsultationModes.Ambulatory));
        Assert.That(kept.Motives, Is.Empty, "a text that repeats the code's display is not a motive");
        Assert.That(kept.AppointmentKind, Is.EqualTo(AppointmentKind.Unspecified));
        Assert.That(batch.Issues.Select(i => (i.Reason, i.Expression)), Is.EquivalentTo(new[] { (Reasons.BadCode, "Slot.serviceType"), (Reasons.BadCode, "Slot.appointmentType") }));
    }

    [Test]
    public void DuplicateIds_KeepTheFirst()
    {
        var second = PublisherResources.Slot(start: PublisherResources.SlotStart.AddHours(1));

        var batch = Normalize([.. PublisherResources.OneOfEach(), second]);

        Assert.That(batch.Slots.Single().Start, Is.EqualTo(PublisherResources.SlotStart));
        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.Duplicate && i.ResourceType == "Slot" && i.NativeId == "slot1"));
    }

    [Test]
    public void MissingIdOrStart_IsRejected()
    {
        var noId = PublisherResources.Slot();
        noId.Id = null!;
        var noStart = PublisherResources.Slot("no-start");
        noStart.StartElement = null!;

        var batch = Normalize([.. PublisherResources.OneOfEach(), noId, noStart]);

        Assert.That(batch.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { "slot1" }));
        Assert.That(batch.Issues.Select(i => (i.NativeId, i.Reason, i.Expression)), Is.EquivalentTo(new (string?, string, string?)[] { (null, Reasons.MissingElement, "Slot.id"), ("no-start", Reasons.MissingElement, "Slot.start") }));
    }

    [Test]
    public void UnparseableStartFromLenientJson_IsRejectedNotThrown()
    {
        const string json = """{"resourceType":"Slot","id":"bad","schedule":{"reference":"Schedule/s1"},"status":"free","start":"tomorrow","end":"2021-11-05T09:30:00+01:00","unknownElement":true}""";
        var slot = Sas.Interop.Fhir.Serialization.FhirJson.Parse<Slot>(json);

        var batch = Normalize([.. PublisherResources.OneOfEach(), slot]);

        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.NativeId == "bad" && i.Reason == Reasons.MissingElement && i.Message.Contains("tomorrow", StringComparison.Ordinal)));
    }

    [Test]
    public void UnknownSlotStatus_IsRejected()
    {
        const string json = """{"resourceType":"Slot","id":"odd","schedule":{"reference":"Schedule/s1"},"status":"available","start":"2021-11-05T09:00:00+01:00","end":"2021-11-05T09:30:00+01:00"}""";

        var batch = Normalize([.. PublisherResources.OneOfEach(), Sas.Interop.Fhir.Serialization.FhirJson.Parse<Slot>(json)]);

        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.NativeId == "odd" && i.Reason == Reasons.InvalidValue && i.Expression == "Slot.status"));
    }

    [Test]
    public void AbsoluteScheduleReference_AndScheduleWithOnlyTheRole_AreResolved()
    {
        var schedule = PublisherResources.Schedule();
        schedule.Actor = [new ResourceReference("PractitionerRole/r1")];
        var slot = PublisherResources.Slot();
        slot.Schedule = new ResourceReference("https://editeur.example/fhir/Schedule/s1");

        var batch = Normalize([PublisherResources.Practitioner(), PublisherResources.Role(), schedule, slot]);

        Assert.That(batch.Issues, Is.Empty);
        Assert.That(batch.Schedules.Single().PractitionerNativeId, Is.EqualTo("p1"));
        Assert.That(batch.Slots.Single().ScheduleNativeId, Is.EqualTo("s1"));
    }

    [Test]
    public void SlotPointingToAMissingSchedule_IsBrokenReference()
    {
        var batch = Normalize([.. PublisherResources.OneOfEach(), PublisherResources.Slot("orphan", scheduleId: "nowhere")]);

        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.NativeId == "orphan" && i.Reason == Reasons.BrokenReference && i.Message.Contains("Schedule/nowhere", StringComparison.Ordinal)));
    }

    [Test]
    public void ScheduleWhosePractitionerContradictsItsRole_IsRejected()
    {
        var other = PublisherResources.Practitioner("p2", nationalId: PublisherResources.NationalId);
        var schedule = PublisherResources.Schedule(practitionerId: "p2");

        var batch = Normalize([PublisherResources.Practitioner(), other, PublisherResources.Role(), schedule, PublisherResources.Slot()]);

        Assert.That(batch.Issues.Select(i => (i.ResourceType, i.Reason)), Is.EqualTo(new[] { ("Schedule", Reasons.InvalidValue), ("Slot", Reasons.BrokenReference) }));
    }

    [Test]
    public void LocationSentAsATopLevelResource_IsAccepted()
    {
        var role = PublisherResources.Role();
        role.Contained = [];
        role.Location = [new ResourceReference("Location/loc-9")];
        var location = new Location { Id = "loc-9", Name = "Cabinet", Address = new Address { Line = ["2 place X"], City = "AGEN", PostalCode = "47000" } };

        var batch = Normalize([PublisherResources.Practitioner(), location, role, PublisherResources.Schedule(), PublisherResources.Slot()]);

        Assert.That(batch.Issues, Is.Empty);
        Assert.That(batch.Places.Single().LocationName, Is.EqualTo("Cabinet"));
        Assert.That(batch.Places.Single().Address!.Lines, Is.EqualTo(new[] { "2 place X" }));
    }

    [Test]
    public void RoleWithoutLocation_IsRejected()
    {
        var role = PublisherResources.Role();
        role.Location = [new ResourceReference("#missing")];

        var batch = Normalize([PublisherResources.Practitioner(), role, PublisherResources.Schedule(), PublisherResources.Slot()]);

        Assert.That(batch.Places, Is.Empty);
        Assert.That(batch.Issues.Select(i => (i.ResourceType, i.Reason)), Is.EqualTo(new[] { ("PractitionerRole", Reasons.BrokenReference), ("Schedule", Reasons.BrokenReference), ("Slot", Reasons.BrokenReference) }));
    }

    [TestCase(null, "810004421", "1810004421", KnownIdentifierSystems.StructureNationalId)]
    [TestCase(null, "2A0004421", "12A0004421", KnownIdentifierSystems.StructureNationalId)]
    [TestCase(null, "12345678901234", "312345678901234", KnownIdentifierSystems.StructureNationalId)]
    [TestCase(KnownIdentifierSystems.StructureNationalId, "12345678901234", "312345678901234", KnownIdentifierSystems.StructureNationalId)]
    [TestCase(null, "412345678912345", "412345678912345", null)]
    [TestCase("https://editeur.example/structures", "810004421", "810004421", "https://editeur.example/structures")]
    public void OrganisationIdentifiers_AreNormalisedOnlyWhenDeclaredOrPlainlyFinessOrSiret(string? system, string value, string expectedValue, string? expectedSystem)
    {
        var role = PublisherResources.Role();
        role.Organization = new ResourceReference { Identifier = new Identifier(system, value) };

        var batch = Normalize([PublisherResources.Practitioner(), role, PublisherResources.Schedule(), PublisherResources.Slot()]);

        var organization = batch.Places.Single().Organization;
        Assert.That(organization?.Value, Is.EqualTo(expectedValue));
        Assert.That(organization?.System, Is.EqualTo(expectedSystem));
    }

    [Test]
    public void Telecoms_PhonesAreInternationalised_EmailsKept_GarbageReported()
    {
        var practitioner = PublisherResources.Practitioner();
        practitioner.Telecom =
        [
            new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "06 58 91 38 59"),
            new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "dr.thomas@example.fr"),
            new ContactPoint(null, null, "0033 5 61 85 59 77"),
            new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "call me"),
        ];

        var batch = Normalize([practitioner, PublisherResources.Role(), PublisherResources.Schedule(), PublisherResources.Slot()]);

        Assert.That(batch.Practitioners.Single().Telecoms, Is.EqualTo(new[]
        {
            new CanonicalTelecom("phone", "+33658913859"),
            new CanonicalTelecom("email", "dr.thomas@example.fr"),
            new CanonicalTelecom("phone", "+33561855977"),
        }));
        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.InvalidValue && i.Expression == "Practitioner.telecom"));
    }

    [Test]
    public void OperationOutcomesAreIgnored_OtherTypesAreUnsupported()
    {
        var batch = Normalize([.. PublisherResources.OneOfEach(), new OperationOutcome { Id = "oo" }, new Patient { Id = "pat" }]);

        Assert.That(batch.Slots, Has.Count.EqualTo(1));
        Assert.That(batch.Issues.Select(i => (i.ResourceType, i.Reason)), Is.EqualTo(new[] { ("Patient", Reasons.Unsupported) }));
    }

    [Test]
    public void SourceLastUpdated_ComesFromMeta()
    {
        var slot = PublisherResources.Slot();
        slot.Meta!.LastUpdated = new DateTimeOffset(2021, 11, 4, 8, 0, 0, TimeSpan.Zero);

        var batch = Normalize([PublisherResources.Practitioner(), PublisherResources.Role(), PublisherResources.Schedule(), slot]);

        Assert.That(batch.Slots.Single().SourceLastUpdated, Is.EqualTo(slot.Meta.LastUpdated));
        Assert.That(batch.Practitioners.Single().SourceLastUpdated, Is.Null);
    }

    // The CPTS examples are of 2024, the PS one of 2021: each is fetched in its own time (slots are held to a year around it).
    private NormalizedBatch NormalizeIg(string fileName, SyncScope scope, DateTimeOffset? fetchedAt = null) =>
        normalizer.Normalize(Source, scope, IgExamples.Resources(IgExamples.LoadBundle(fileName)), fetchedAt ?? FetchedAt);

    private NormalizedBatch Normalize(IReadOnlyList<Resource> resources) =>
        normalizer.Normalize(Source, SyntheticScope, resources, FetchedAt);
}
