using Hl7.Fhir.Model;
using Sas.Interop.Testing;
using Sas.Interop.Testing.Conformance;

namespace Sas.Interop.Conformance.Tests.Checker;

/// <summary>
/// The IG's own examples pass the checker. The ANS build reports errors only for the text-only specialties
/// (Slot PSIndiv3/5 and the PS bundle, digest §10.5): their binding (fr-practitioner-specialty, FR Core) is not in
/// the package, so the checker skips it — and says so.
/// </summary>
public sealed class IgExamplesAcceptanceTests
{
    private static readonly string[] Examples =
    [
        "Appointment-1.json", "Appointment-2.json", "Appointment-12345678.json",
        IgPackage.PsBundle, IgPackage.CptsBundle1, IgPackage.CptsBundle2, IgPackage.SosBundle,
        "HealthcareService-ExampleHealthcareServiceCPTS1.json", "HealthcareService-ExampleHealthcareServiceCPTS2.json",
        "Location-1111111111.json", "Location-2222222222.json", "Location-3333333333.json",
        "Organization-ExampleOrgaCPTS1.json", "Organization-ExampleOrgaCPTS2.json", "Organization-ExampleOrgaSOS1.json", "Organization-ExampleOrgaSOS2.json",
        "Practitioner-ExamplePractitioner.json", "Practitioner-ExamplePractitioner2.json", "Practitioner-ExamplePractitioner3.json",
        "Practitioner-ExamplePractitionerRegul1.json", "Practitioner-ExamplePractitionerRegul2.json", "Practitioner-ExamplePractitionerRegul3.json", "Practitioner-ExamplePractitionerRegul4.json",
        "PractitionerRole-ExamplePractitionerRoleAgregateur.json", "PractitionerRole-ExamplePractitionerRoleAgregateur2.json",
        "PractitionerRole-ExamplePractitionerRoleAgregateur3.json", "PractitionerRole-ExamplePractitionerRoleAgregateur4.json",
        "Schedule-ExampleSchedule.json", "Schedule-ExampleSchedule1.json", "Schedule-ExampleSchedule2.json", "Schedule-ExampleSchedule3.json",
        "Schedule-ExampleScheduleSOS1.json", "Schedule-ExampleScheduleSOS2.json", "Schedule-ExampleScheduleSOS3.json",
        "Slot-ExampleSlotCPTS1.json", "Slot-ExampleSlotCPTS2.json",
        "Slot-ExampleSlotPSIndiv1.json", "Slot-ExampleSlotPSIndiv2.json", "Slot-ExampleSlotPSIndiv3.json", "Slot-ExampleSlotPSIndiv4.json", "Slot-ExampleSlotPSIndiv5.json",
        "Slot-ExampleSlotSOS1.json", "Slot-ExampleSlotSOS2.json", "Slot-ExampleSlotSOS3.json", "Slot-ExampleSlotSOS4.json",
    ];

    private ProfileRuleChecker _checker = null!;

    [OneTimeSetUp]
    public void Load() => _checker = ProfileRuleChecker.LoadFromIgPackage(SupplementaryValueSets.FromIgNarrativeAndHl7);

    [TestCaseSource(nameof(Examples))]
    public void An_IG_example_has_no_error(string fileName)
    {
        var findings = _checker.Check(ExampleResources.Read(fileName));

        Assert.That(findings.Where(f => f.IsError), Is.Empty, string.Join("\n", findings));
    }

    [TestCase("Slot-ExampleSlotPSIndiv3.json", "Slot.specialty[1]")]
    [TestCase("Slot-ExampleSlotPSIndiv5.json", "Slot.specialty[0]")]
    [TestCase(IgPackage.PsBundle, "Bundle.entry[7].resource(Slot/ExampleSlotPSIndiv3).specialty[1]")]
    public void A_text_only_specialty_the_ANS_validator_rejects_is_skipped_as_an_external_binding(string fileName, string location)
    {
        var resource = ExampleResources.Read(fileName);
        var specialty = _checker.Check(resource).Where(f => f.Location == location).ToList();

        Assert.That(specialty, Has.Count.EqualTo(1));
        Assert.That(specialty[0].Severity, Is.EqualTo(ViolationSeverity.Skipped));
        Assert.That(specialty[0].Rule, Is.EqualTo("binding required http://interopsante.org/fhir/ValueSet/fr-practitioner-specialty"));
    }

    [Test]
    public void Every_example_file_of_the_package_is_listed()
    {
        if (IgPackage.Directory is not { } package)
        {
            Assert.Ignore("The SAS IG package is not available.");
            return;
        }

        var onDisk = Directory.GetFiles(Path.Combine(package, "example")).Select(Path.GetFileName);

        Assert.That(Examples, Is.EquivalentTo(onDisk));
    }
}
