using Hl7.Fhir.Model;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Fhir.Regulators;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Tests.Regulators;

/// <summary>FrPractitionerRegul as the hub checks it: the IG's examples pass, every broken rule is reported, all at once.</summary>
public sealed class RegulatorAccountValidatorTests
{
    // The IG's ExamplePractitionerRegul1 (national id with a structure prefix), 3 (withdrawal) and 4 (SAS technical id), as sent.
    private const string Regul1 = """{"resourceType":"Practitioner","id":"ExamplePractitionerRegul1","meta":{"source":"urn:oid:1.2.250.1.213.3.6","profile":["https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul"]},"identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},"system":"urn:oid:1.2.250.1.71.4.2.1","value":"3456780581/11242343"}],"active":true,"name":[{"family":"Loridon","given":["Sébastien"]}],"telecom":[{"system":"email","value":"sebastien.loridon@test.com"}]}""";
    private const string Regul3 = """{"resourceType":"Practitioner","id":"ExamplePractitionerRegul3","meta":{"source":"urn:oid:1.2.250.1.213.3.6"},"identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},"system":"urn:oid:1.2.250.1.71.4.2.1","value":"810002673899"}],"active":false,"name":[{"family":"MARIUS","given":["Jules"]}],"telecom":[{"system":"email","value":"jules.marius@test.com"}]}""";
    private const string Regul4 = """{"resourceType":"Practitioner","id":"ExamplePractitionerRegul4","meta":{"source":"urn:oid:1.2.250.1.213.3.6"},"identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"INTRN"}]},"system":"urn:oid:1.2.250.1.213.3.6","value":"1ef1c748-01a3-6180-b098-73283ce4e5b1"}],"active":true,"name":[{"family":"Loridon","given":["Sébastien"]}],"telecom":[{"system":"email","value":"sebastien.loridon@test.com"}]}""";

    [Test]
    public void The_IG_examples_are_valid_and_keyed_by_their_identifier()
    {
        var regul1 = RegulatorAccountValidator.Validate(FhirJson.Parse<Practitioner>(Regul1), out var issues1);
        var regul3 = RegulatorAccountValidator.Validate(FhirJson.Parse<Practitioner>(Regul3), out var issues3);
        var regul4 = RegulatorAccountValidator.Validate(FhirJson.Parse<Practitioner>(Regul4), out var issues4);
        Assert.Multiple(() =>
        {
            Assert.That(issues1.Concat(issues3).Concat(issues4), Is.Empty);
            Assert.That(regul1!.Key, Is.EqualTo(new RegulatorIdentifier(RegulatorIdentifier.NationalSystem, "3456780581/11242343")));
            Assert.That(regul3!.Active, Is.False, "withdrawal is active=false");
            Assert.That(regul4!.Key, Is.EqualTo(new RegulatorIdentifier(RegulatorIdentifier.SasTechnicalSystem, "1ef1c748-01a3-6180-b098-73283ce4e5b1")));
        });
    }

    [Test]
    public void With_both_identifiers_the_national_id_is_the_key()
    {
        var practitioner = FhirJson.Parse<Practitioner>(Regul4);
        practitioner.Identifier.Add(new Identifier(RegulatorIdentifier.NationalSystem, "810002673899")
        {
            Type = new CodeableConcept(RegulatorAccountValidator.IdentifierTypeSystem, "IDNPS"),
        });
        var validated = RegulatorAccountValidator.Validate(practitioner, out _);
        Assert.Multiple(() =>
        {
            Assert.That(validated!.Key.System, Is.EqualTo(RegulatorIdentifier.NationalSystem));
            Assert.That(validated.Identifiers, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Every_broken_rule_is_reported_with_its_path()
    {
        var practitioner = FhirJson.Parse<Practitioner>(Regul4);
        practitioner.Meta.Source = "urn:oid:1.2.3";
        practitioner.Identifier[0].Value = "not-a-uuid";
        practitioner.Identifier[0].Type = null;
        practitioner.Identifier.Add(new Identifier(RegulatorIdentifier.SasTechnicalSystem, "b6e39355-8a61-4556-b340-36f7b95fec6a")
        {
            Type = new CodeableConcept(RegulatorAccountValidator.IdentifierTypeSystem, "INTRN"),
        });
        practitioner.Active = null;
        practitioner.Name = [new HumanName { Given = ["Jules", "Paul"] }];
        practitioner.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "0102030405"), new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "not an address")];

        var validated = RegulatorAccountValidator.Validate(practitioner, out var issues);
        Assert.Multiple(() =>
        {
            Assert.That(validated, Is.Null);
            Assert.That(issues.Select(i => i.Expression), Is.EquivalentTo(new[]
            {
                "Practitioner.meta.source",
                "Practitioner.identifier[0].type",
                "Practitioner.identifier[0].value",
                "Practitioner.identifier[1]",
                "Practitioner.active",
                "Practitioner.name[0].family",
                "Practitioner.name[0].given",
                "Practitioner.telecom[0].system",
                "Practitioner.telecom[1].value",
            }));
        });
    }

    [Test]
    public void An_account_needs_a_national_or_SAS_identifier_a_name_and_an_email()
    {
        var practitioner = new Practitioner
        {
            Active = true,
            Identifier = [new Identifier("urn:oid:1.2.250.1.999", "x")],
        };
        RegulatorAccountValidator.Validate(practitioner, out var issues);
        Assert.That(issues.Select(i => i.Expression), Is.EquivalentTo(new[] { "Practitioner.identifier", "Practitioner.name", "Practitioner.telecom" }));

        practitioner.Identifier.Clear();
        RegulatorAccountValidator.Validate(practitioner, out issues);
        Assert.That(issues.Select(i => i.Expression), Does.Contain("Practitioner.identifier"));
    }

    [Test]
    public void Another_identifier_beside_the_national_one_is_relayed_not_used_as_a_key()
    {
        var practitioner = FhirJson.Parse<Practitioner>(Regul3);
        practitioner.Identifier.Add(new Identifier("https://editeur.example/regulateurs", "r-42"));
        var validated = RegulatorAccountValidator.Validate(practitioner, out var issues);
        Assert.Multiple(() =>
        {
            Assert.That(issues, Is.Empty, "FrPractitionerRegul's identifier slicing is open");
            Assert.That(validated!.Identifiers.Select(i => i.System), Is.EqualTo(new[] { RegulatorIdentifier.NationalSystem }));
        });
    }
}
