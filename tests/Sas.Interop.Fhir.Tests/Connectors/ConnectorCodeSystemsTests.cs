using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Elements;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Ingestion.Normalisation;

namespace Sas.Interop.Fhir.Tests.Connectors;

/// <summary>
/// The contract's public constants (<see cref="ConnectorCodeSystems"/>) are the hub's internal ones: a plugin that
/// writes them is read as the hub reads its own, and a change on either side fails here.
/// </summary>
public sealed class ConnectorCodeSystemsTests
{
    [Test]
    public void Systems_and_urls_equal_the_hub_ones()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConnectorCodeSystems.SlotType, Is.EqualTo(SasCodeSystems.SlotType));
            Assert.That(ConnectorCodeSystems.ActCode, Is.EqualTo(SasCodeSystems.ActCode));
            Assert.That(ConnectorCodeSystems.AppointmentType, Is.EqualTo(SasCodeSystems.AppointmentType));
            Assert.That(ConnectorCodeSystems.SpecialiteOrdinale, Is.EqualTo(SasCodeSystems.SpecialiteOrdinale));
            Assert.That(ConnectorCodeSystems.SnomedCt, Is.EqualTo(SasCodeSystems.SnomedCt));
            Assert.That(ConnectorCodeSystems.PractitionerNationalId, Is.EqualTo(KnownIdentifierSystems.PractitionerNationalId));
            Assert.That(ConnectorCodeSystems.StructureNationalId, Is.EqualTo(KnownIdentifierSystems.StructureNationalId));
            Assert.That(ConnectorCodeSystems.IdentifierType, Is.EqualTo(KnownIdentifierSystems.FrV20203));
            Assert.That(ConnectorCodeSystems.IdentifierTypeIdnps, Is.EqualTo(KnownIdentifierSystems.IdnpsCode));
            Assert.That(ConnectorCodeSystems.IdentifierTypeIdnst, Is.EqualTo(KnownIdentifierSystems.IdnstCode));
            Assert.That(ConnectorCodeSystems.ServiceTypeDurationExtension, Is.EqualTo(ServiceTypeDurations.ExtensionUrl));
            Assert.That(ConnectorCodeSystems.HomeVisitRadiusExtension, Is.EqualTo(HomeVisitPerimeter.ExtensionUrl));
            Assert.That(ConnectorCodeSystems.Bcp47, Is.EqualTo(PractitionerLanguages.Bcp47System));
        });
    }

    [Test]
    public void Slot_type_mode_and_appointment_codes_are_those_the_hub_serves()
    {
        // The facade's rendering writes the hub's codes; the contract's must be the same strings.
        var slot = CanonicalToFhir.ToSlot(
            new CanonicalSlot
            {
                SourceInstance = "contract",
                NativeId = "s",
                ScheduleNativeId = "sched",
                Start = DateTimeOffset.UnixEpoch,
                End = DateTimeOffset.UnixEpoch.AddMinutes(15),
                Status = Core.Canonical.SlotStatus.Free,
                Types = SlotTypes.Public | SlotTypes.Pro | SlotTypes.Snp | SlotTypes.Cpts,
                Modes = ConsultationModes.Ambulatory | ConsultationModes.HomeVisit | ConsultationModes.Virtual,
                AppointmentKind = AppointmentKind.Routine,
            },
            SlotFlavour.Cpts);

        Assert.Multiple(() =>
        {
            Assert.That(slot.Meta.Security.Select(c => c.Code), Is.EqualTo(new[] { ConnectorCodeSystems.SlotTypePublic, ConnectorCodeSystems.SlotTypePro, ConnectorCodeSystems.SlotTypeSnp, ConnectorCodeSystems.SlotTypeCpts }));
            Assert.That(slot.ServiceType.SelectMany(s => s.Coding).Select(c => c.Code), Is.EqualTo(new[] { ConnectorCodeSystems.ModeAmbulatory, ConnectorCodeSystems.ModeHomeVisit, ConnectorCodeSystems.ModeVirtual }));
            Assert.That(slot.AppointmentType.Coding.Single().Code, Is.EqualTo(ConnectorCodeSystems.AppointmentTypeRoutine));
        });
    }

    [Test]
    public void The_walk_in_code_is_the_one_the_hub_serves()
    {
        var slot = CanonicalToFhir.ToSlot(new CanonicalSlot
        {
            SourceInstance = "contract",
            NativeId = "s",
            ScheduleNativeId = "sched",
            Start = DateTimeOffset.UnixEpoch,
            End = DateTimeOffset.UnixEpoch.AddMinutes(15),
            AppointmentKind = AppointmentKind.WalkIn,
        });

        Assert.That(slot.AppointmentType.Coding.Single().Code, Is.EqualTo(ConnectorCodeSystems.AppointmentTypeWalkIn));
    }

    [Test]
    public void National_id_prefixes_are_those_the_hub_writes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NationalIdentifiers.NormalizePractitioner("10100050075"), Is.EqualTo(ConnectorCodeSystems.RppsPrefix + "10100050075"));
            Assert.That(NationalIdentifiers.NormalizePractitioner("751234567"), Does.StartWith(ConnectorCodeSystems.AdeliPrefix));
            Assert.That(NationalIdentifiers.NormalizeStructure("750000000"), Is.EqualTo(ConnectorCodeSystems.FinessPrefix + "750000000"));
            Assert.That(NationalIdentifiers.NormalizeStructure("12345678901234"), Is.EqualTo(ConnectorCodeSystems.SiretPrefix + "12345678901234"));
        });
    }
}
