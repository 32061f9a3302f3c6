using Hl7.Fhir.Model;
using Sas.Interop.Testing.Conformance;

namespace Sas.Interop.Conformance.Tests.Checker;

/// <summary>The checker flags deliberately broken resources, with the rule, location and profile.</summary>
public sealed class ProfileRuleCheckerTests
{
    private const string SosOrganizationProfile = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-organization-aggregator";
    private const string PsSlotProfile = "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur";

    private ProfileRuleChecker _packageOnly = null!;
    private ProfileRuleChecker _withSupplements = null!;

    [OneTimeSetUp]
    public void Load()
    {
        _packageOnly = ProfileRuleChecker.LoadFromIgPackage();
        _withSupplements = ProfileRuleChecker.LoadFromIgPackage(SupplementaryValueSets.FromIgNarrativeAndHl7);
    }

    [Test]
    public void It_loads_every_profile_of_the_package()
    {
        Assert.That(_packageOnly.ProfileUrls, Has.Count.EqualTo(20));
        Assert.That(_packageOnly.ProfileUrls, Does.Contain(PsSlotProfile).And.Contain(SosOrganizationProfile));
    }

    [Test]
    public void A_slot_without_status_is_flagged()
    {
        var slot = ExampleResources.Read<Slot>("Slot-ExampleSlotPSIndiv1.json");
        slot.Status = null;

        AssertSingleError(_packageOnly.Check(slot), "Slot.status", "cardinality 1..1", PsSlotProfile);
    }

    [Test]
    public void A_slot_with_another_status_than_free_breaks_the_fixed_value()
    {
        var slot = ExampleResources.Read<Slot>("Slot-ExampleSlotPSIndiv1.json");
        slot.Status = Slot.SlotStatus.Busy;

        AssertSingleError(_packageOnly.Check(slot), "Slot.status", "fixedcode", PsSlotProfile);
    }

    [Test]
    public void A_wrong_slot_type_code_is_flagged_against_the_package_value_set()
    {
        // SOS slots are PUBLIC or SNP only (sas-sos-valueset-typecreneau, in the package).
        var slot = ExampleResources.Read<Slot>("Slot-ExampleSlotSOS2.json");
        slot.Meta.Security[0].Code = "PRO";

        AssertSingleError(_packageOnly.Check(slot), "Slot.meta.security[0]", "binding required https://interop.esante.gouv.fr/ig/fhir/sas/ValueSet/sas-sos-valueset-typecreneau", "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-slot-aggregator");
    }

    [Test]
    public void A_wrong_PS_slot_type_code_is_skipped_without_the_external_JDV_J165_and_flagged_with_it()
    {
        var slot = ExampleResources.Read<Slot>("Slot-ExampleSlotPSIndiv1.json");
        slot.Meta.Security[0].Code = "CPTS";

        var packageOnly = _packageOnly.Check(slot);
        Assert.That(packageOnly.Where(f => f.IsError), Is.Empty);
        Assert.That(packageOnly.Where(f => f.Location == "Slot.meta.security[0]").Select(f => f.Severity), Is.EqualTo(new[] { ViolationSeverity.Skipped }));

        AssertSingleError(_withSupplements.Check(slot), "Slot.meta.security[0]", "binding required " + SupplementaryValueSets.SlotTypeJdvJ165, PsSlotProfile);
    }

    [Test]
    public void A_consultation_type_outside_ActEncounterCode_is_flagged_through_the_slice()
    {
        var slot = ExampleResources.Read<Slot>("Slot-ExampleSlotPSIndiv1.json");
        slot.ServiceType.First(s => s.Coding.Count > 0).Coding[0].Code = "XX";

        var errors = _withSupplements.Check(slot).Where(f => f.IsError).ToList();
        Assert.That(errors.Select(e => e.Rule), Does.Contain("binding required " + SupplementaryValueSets.ActEncounterCode), string.Join("\n", errors));
    }

    [Test]
    public void A_practitioner_role_without_its_contained_location_is_flagged()
    {
        var role = ExampleResources.Read<PractitionerRole>("PractitionerRole-ExamplePractitionerRoleAgregateur2.json");
        role.Contained.Clear();

        var errors = _packageOnly.Check(role).Where(f => f.IsError).ToList();
        Assert.That(errors.Select(e => (e.Location, e.Rule)), Is.EquivalentTo(new[]
        {
            ("PractitionerRole.contained", "cardinality 1..*"),
            ("PractitionerRole.location[0]", "aggregation contained"),
        }), string.Join("\n", errors));
    }

    [Test]
    public void A_contained_location_is_checked_against_its_profile()
    {
        var role = ExampleResources.Read<PractitionerRole>("PractitionerRole-ExamplePractitionerRoleAgregateur2.json");
        ((Location)role.Contained[0]).Address.City = null;

        var errors = _packageOnly.Check(role).Where(f => f.IsError).ToList();
        Assert.That(errors, Is.Not.Empty);
        Assert.That(errors.Select(e => e.Rule).Distinct(), Is.EqualTo(new[] { "cardinality 1..1" }), string.Join("\n", errors));
        Assert.That(errors.Select(e => e.Profile).Distinct(), Is.EqualTo(new[] { "http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur" }));
        Assert.That(errors.Select(e => e.Location), Has.All.EndsWith(".address.city"));
    }

    [Test]
    public void A_practitioner_identifier_without_the_IDNPS_type_is_flagged()
    {
        var missingType = ExampleResources.Read<Practitioner>("Practitioner-ExamplePractitioner2.json");
        missingType.Identifier[0].Type = null;
        AssertSingleError(_packageOnly.Check(missingType), "Practitioner.identifier[0].type", "cardinality 1..1", "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur");

        var otherType = ExampleResources.Read<Practitioner>("Practitioner-ExamplePractitioner2.json");
        otherType.Identifier[0].Type.Coding[0].Code = "INTRN";
        AssertSingleError(_packageOnly.Check(otherType), "Practitioner.identifier[0].type", "patternCodeableConcept", "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur");
    }

    [TestCase("33417374840002")]
    [TestCase("3341737484000A0")]
    [TestCase("1334173748400")]
    public void A_SOS_organization_with_a_bad_SIRET_breaks_the_SIRET_invariant(string value)
    {
        var organization = ExampleResources.Read<Organization>("Organization-ExampleOrgaSOS1.json");
        organization.Identifier[0].Value = value;

        AssertSingleError(_packageOnly.Check(organization), "Organization.identifier[0]", "invariant SIRET-invariant", SosOrganizationProfile);
    }

    [Test]
    public void A_CPTS_organization_with_a_bad_FINESS_breaks_the_FINESS_invariant()
    {
        var organization = ExampleResources.Read<Organization>("Organization-ExampleOrgaCPTS1.json");
        organization.Identifier[0].Value = "950047225";

        AssertSingleError(_packageOnly.Check(organization), "Organization.identifier[0]", "invariant FINESS-invariant", "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-organization-aggregator");
    }

    [Test]
    public void A_SOS_postal_code_longer_than_five_characters_is_flagged()
    {
        var location = ExampleResources.Read<Location>("Location-1111111111.json");
        location.Address.PostalCode = "350700";

        AssertSingleError(_packageOnly.Check(location), "Location.address.postalCode", "maxLength 5", "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-location-aggregator");
    }

    [Test]
    public void Empty_elements_are_flagged()
    {
        var slot = ExampleResources.Read<Slot>("Slot-ExampleSlotPSIndiv1.json");
        slot.Comment = "";
        slot.ServiceType.Add(new CodeableConcept());

        var errors = _packageOnly.Check(slot).Where(f => f.IsError).ToList();
        Assert.That(errors.Where(e => e.Rule.StartsWith("ele-1", StringComparison.Ordinal)).Select(e => e.Location), Is.EquivalentTo(new[] { "Slot.comment", $"Slot.serviceType[{slot.ServiceType.Count - 1}]" }), string.Join("\n", errors));
    }

    [Test]
    public void A_bundle_entry_slice_imposes_its_profile_even_when_the_resource_declares_none()
    {
        var bundle = ExampleResources.Read<Bundle>("Bundle-ExampleBundlePSIndiv.json");
        var slot = bundle.Entry.Select(e => e.Resource).OfType<Slot>().First();
        slot.Meta = null;
        slot.Status = null;

        var errors = _packageOnly.Check(bundle).Where(f => f.IsError).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
        Assert.That(errors[0].Location, Does.EndWith(".status"));
        Assert.That(errors[0].Profile, Is.EqualTo(PsSlotProfile));
    }

    [Test]
    public void A_bundle_that_is_not_a_searchset_breaks_the_pattern()
    {
        var bundle = ExampleResources.Read<Bundle>("Bundle-ExampleBundlePSIndiv.json");
        bundle.Type = Bundle.BundleType.Collection;

        AssertSingleError(_packageOnly.Check(bundle), "Bundle.type", "patterncode", "http://sas.fr/fhir/StructureDefinition/BundleAgregateur");
    }

    [Test]
    public void A_CPTS_bundle_without_total_and_a_CPTS_slot_reference_without_its_extension_are_flagged()
    {
        var bundle = ExampleResources.Read<Bundle>("Bundle-ExampleBundleCPTS1.json");
        bundle.Total = null;
        var slot = bundle.Entry.Select(e => e.Resource).OfType<Slot>().Single();
        slot.ServiceType.Single(s => s.Coding.Any(c => c.Code == "604")).Extension.Clear();

        var errors = _withSupplements.Check(bundle).Where(f => f.IsError).ToList();
        Assert.That(errors.Select(e => (e.Location, e.Rule)), Is.EquivalentTo(new[]
        {
            ("Bundle.total", "cardinality 1..1"),
            ("Bundle.entry[0].resource(Slot/ExampleSlotCPTS1).serviceType[1].extension", "cardinality 1..*"),
            ("Bundle.entry[0].resource(Slot/ExampleSlotCPTS1).serviceType[1].extension:sas-servicetype-r5", "cardinality 1..1 (slice sas-servicetype-r5)"),
        }), string.Join("\n", errors));
    }

    [Test]
    public void A_profile_outside_the_package_is_reported_as_skipped()
    {
        var slot = ExampleResources.Read<Slot>("Slot-ExampleSlotPSIndiv1.json");
        slot.Meta.Profile = ["http://example.org/StructureDefinition/Other"];

        var findings = _packageOnly.Check(slot);
        Assert.That(findings.Single().Severity, Is.EqualTo(ViolationSeverity.Skipped));
        Assert.That(findings.Single().Rule, Is.EqualTo("meta.profile"));
    }

    private static void AssertSingleError(IReadOnlyList<ProfileViolation> findings, string location, string rule, string profile)
    {
        var errors = findings.Where(f => f.IsError).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", findings));
        Assert.Multiple(() =>
        {
            Assert.That(errors[0].Location, Is.EqualTo(location));
            Assert.That(errors[0].Rule, Is.EqualTo(rule).IgnoreCase);
            Assert.That(errors[0].Profile, Is.EqualTo(profile));
            Assert.That(errors[0].Message, Is.Not.Empty);
        });
    }
}
