using System.Net.Mail;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Fhir.Outcomes;

namespace Sas.Interop.Fhir.Regulators;

/// <summary>
/// The FrPractitionerRegul rules of IG 1.2.0 (INT_R02), checked on a parsed Practitioner: identifiers (national id IDNPS
/// and/or SAS technical id INTRN, each at most once, typed), <c>active</c>, family and one given name, e-mail,
/// <c>meta.source</c>. The narrative's "always sent" (name, e-mail) is enforced: a publisher cannot create an account
/// without them. Every problem is reported with its FHIRPath; none stops the others from being found.
/// </summary>
public static class RegulatorAccountValidator
{
    public const string Profile = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul";
    public const string IdentifierTypeSystem = "http://interopsante.org/fhir/CodeSystem/fr-v2-0203";

    /// <summary>Checks <paramref name="practitioner"/>; <paramref name="issues"/> is empty exactly when the result is not null.</summary>
    public static ValidatedRegulatorAccount? Validate(Practitioner practitioner, out IReadOnlyList<FhirIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(practitioner);
        var found = new List<FhirIssue>();
        if (practitioner.Meta?.Source is { } source && source != RegulatorIdentifier.SasTechnicalSystem)
        {
            found.Add(Invalid($"Practitioner.meta.source is '{source}'; FrPractitionerRegul fixes it to {RegulatorIdentifier.SasTechnicalSystem} (the SAS).", "Practitioner.meta.source"));
        }

        var identifiers = ReadIdentifiers(practitioner, found);
        if (practitioner.Active is null)
        {
            found.Add(Required("Practitioner.active is required: true grants the regulator's rights, false withdraws them.", "Practitioner.active"));
        }

        CheckNames(practitioner, found);
        CheckTelecoms(practitioner, found);

        issues = found;
        if (found.Count > 0)
        {
            return null;
        }

        var key = identifiers.FirstOrDefault(i => i.System == RegulatorIdentifier.NationalSystem) ?? identifiers[0];
        return new ValidatedRegulatorAccount(identifiers, key, practitioner.Active!.Value);
    }

    private static List<RegulatorIdentifier> ReadIdentifiers(Practitioner practitioner, List<FhirIssue> issues)
    {
        var keys = new List<RegulatorIdentifier>();
        var issuesBefore = issues.Count;
        for (var i = 0; i < practitioner.Identifier.Count; i++)
        {
            var identifier = practitioner.Identifier[i];
            var path = $"Practitioner.identifier[{i}]";
            if (string.IsNullOrWhiteSpace(identifier.System) || string.IsNullOrWhiteSpace(identifier.Value))
            {
                issues.Add(Required($"{path} needs a system and a value.", path));
                continue;
            }

            var expectedType = identifier.System switch
            {
                RegulatorIdentifier.NationalSystem => "IDNPS",
                RegulatorIdentifier.SasTechnicalSystem => "INTRN",
                _ => null,
            };
            if (expectedType is null)
            {
                // The slicing is open: another identifier is relayed as sent, but it names nothing for the hub.
                continue;
            }

            if (identifier.Type?.Coding.Any(c => c.System == IdentifierTypeSystem && c.Code == expectedType) != true)
            {
                issues.Add(Invalid($"{path}.type must be {IdentifierTypeSystem}#{expectedType} for system {identifier.System}.", path + ".type"));
            }

            if (expectedType == "INTRN" && !Guid.TryParseExact(identifier.Value, "D", out _))
            {
                issues.Add(Invalid($"{path}.value '{identifier.Value}' is not a UUID; the SAS technical id is one (e.g. b6e39355-8a61-4556-b340-36f7b95fec6a).", path + ".value"));
            }

            var key = new RegulatorIdentifier(identifier.System, identifier.Value.Trim());
            if (keys.Any(k => k.System == key.System))
            {
                issues.Add(Invalid($"{path}: FrPractitionerRegul allows one {expectedType} identifier; this is a second.", path));
                continue;
            }

            keys.Add(key);
        }

        if (practitioner.Identifier.Count > 0 && keys.Count == 0 && issues.Count == issuesBefore)
        {
            issues.Add(Required($"Practitioner.identifier must include the national id ({RegulatorIdentifier.NationalSystem}, IDNPS) or the SAS technical id ({RegulatorIdentifier.SasTechnicalSystem}, INTRN).", "Practitioner.identifier"));
        }
        else if (practitioner.Identifier.Count == 0)
        {
            issues.Add(Required($"Practitioner.identifier is required: the national id ({RegulatorIdentifier.NationalSystem}, IDNPS) or the SAS technical id ({RegulatorIdentifier.SasTechnicalSystem}, INTRN).", "Practitioner.identifier"));
        }

        return keys;
    }

    private static void CheckNames(Practitioner practitioner, List<FhirIssue> issues)
    {
        if (practitioner.Name.Count == 0)
        {
            issues.Add(Required("Practitioner.name is required (family and given name of the regulator).", "Practitioner.name"));
        }

        for (var i = 0; i < practitioner.Name.Count; i++)
        {
            var name = practitioner.Name[i];
            if (string.IsNullOrWhiteSpace(name.Family))
            {
                issues.Add(Required($"Practitioner.name[{i}].family is required.", $"Practitioner.name[{i}].family"));
            }

            if (name.Given.Count(g => !string.IsNullOrWhiteSpace(g)) != 1 || name.Given.Count() != 1)
            {
                issues.Add(Invalid($"Practitioner.name[{i}].given must hold exactly one given name (FrPractitionerRegul: 1..1).", $"Practitioner.name[{i}].given"));
            }
        }
    }

    private static void CheckTelecoms(Practitioner practitioner, List<FhirIssue> issues)
    {
        if (practitioner.Telecom.Count == 0)
        {
            issues.Add(Required("Practitioner.telecom is required: the regulator's e-mail (system email).", "Practitioner.telecom"));
        }

        for (var i = 0; i < practitioner.Telecom.Count; i++)
        {
            var telecom = practitioner.Telecom[i];
            var path = $"Practitioner.telecom[{i}]";
            if (telecom.System != ContactPoint.ContactPointSystem.Email)
            {
                issues.Add(Invalid($"{path}.system must be 'email' (FrPractitionerRegul).", path + ".system"));
            }

            if (string.IsNullOrWhiteSpace(telecom.Value))
            {
                issues.Add(Required($"{path}.value is required.", path + ".value"));
            }
            else if (telecom.System == ContactPoint.ContactPointSystem.Email && !MailAddress.TryCreate(telecom.Value, out _))
            {
                issues.Add(Invalid($"{path}.value '{telecom.Value}' is not an e-mail address.", path + ".value"));
            }
        }
    }

    private static FhirIssue Required(string message, string expression) =>
        new(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Required, message, expression);

    private static FhirIssue Invalid(string message, string expression) =>
        new(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.BusinessRule, message, expression);
}
