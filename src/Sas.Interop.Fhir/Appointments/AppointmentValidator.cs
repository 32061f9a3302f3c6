using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Outcomes;

namespace Sas.Interop.Fhir.Appointments;

/// <summary>
/// The FrAppointmentSAS (PS individuel, CPTS) and sas-sos-appointment rules of IG 1.2.0 (INT_R03), checked on a parsed
/// Appointment. Every problem is reported with its FHIRPath, none stops the others from being found.
/// </summary>
public static class AppointmentValidator
{
    public const string PsProfile = "http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS";
    public const string SosProfile = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-appointment";
    public const string OperatorExtension = "http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator";

    /// <summary>The SAS technical id system of regulators (type INTRN).</summary>
    public const string SasTechnicalIdSystem = "urn:oid:1.2.250.1.213.3.6";

    // The IG narrative's meta.profile sample uses this URL (trap 1); accepted as FrAppointmentSAS.
    private const string NarrativePsProfile = "http://interopsante.org/fhir/StructureDefinition/FrAppointmentSAS";

    private static readonly HashSet<string> Statuses = new(StringComparer.Ordinal) { "booked", "fulfilled", "noshow", "cancelled", "pending" };
    private static readonly HashSet<string> ParticipantStatuses = new(StringComparer.Ordinal) { "accepted", "needs-action" };

    /// <summary>Checks <paramref name="appointment"/>; <paramref name="issues"/> is empty exactly when the result is not null.</summary>
    public static ValidatedAppointment? Validate(Appointment appointment, out IReadOnlyList<FhirIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var found = new List<FhirIssue>();
        var profile = ReadProfile(appointment, found);
        CheckOperator(appointment, profile, found);
        var (system, value) = ReadIdentifier(appointment, found);

        var status = appointment.StatusElement?.JsonValue as string;
        if (string.IsNullOrEmpty(status))
        {
            found.Add(Required("Appointment.status is required (booked, fulfilled, noshow, cancelled or pending).", "Appointment.status"));
        }
        else if (!Statuses.Contains(status))
        {
            found.Add(Invalid($"Appointment.status '{status}' is not one the SAS uses: booked, fulfilled, noshow, cancelled or pending.", "Appointment.status"));
        }

        var start = appointment.Start;
        var end = appointment.End;
        if (start is null)
        {
            found.Add(Required("Appointment.start is required.", "Appointment.start"));
        }

        if (end is null)
        {
            found.Add(Required("Appointment.end is required.", "Appointment.end"));
        }

        if (start is not null && end is not null && end <= start)
        {
            found.Add(Invalid("Appointment.end must be after Appointment.start.", "Appointment.end"));
        }

        var practitioner = ReadParticipants(appointment, profile, found);
        var slot = ReadSlot(appointment, found);

        issues = found;
        return found.Count > 0 ? null : new ValidatedAppointment(profile, system!, value!, status!, start!.Value, end!.Value, practitioner, slot);
    }

    private static AppointmentProfile ReadProfile(Appointment appointment, List<FhirIssue> issues)
    {
        var profiles = appointment.Meta?.Profile?.ToList() ?? [];
        if (profiles.Contains(SosProfile))
        {
            return AppointmentProfile.Sos;
        }

        if (!profiles.Contains(PsProfile) && !profiles.Contains(NarrativePsProfile))
        {
            issues.Add(Required($"Appointment.meta.profile must name {PsProfile} (PS individuel, CPTS) or {SosProfile} (SOS Médecins).", "Appointment.meta.profile"));
        }

        return AppointmentProfile.PsIndividuel;
    }

    private static void CheckOperator(Appointment appointment, AppointmentProfile profile, List<FhirIssue> issues)
    {
        var operators = appointment.Extension.Select((e, i) => (e, i)).Where(x => x.e.Url == OperatorExtension).ToList();
        if (operators.Count != 1)
        {
            issues.Add(Required(
                $"Appointment.extension must hold exactly one FrAppointmentOperator ({OperatorExtension}) naming the regulator who booked; found {operators.Count}.",
                "Appointment.extension"));
        }

        if (profile == AppointmentProfile.Sos && appointment.Extension.Count > operators.Count)
        {
            issues.Add(Invalid("sas-sos-appointment allows no extension besides FrAppointmentOperator.", "Appointment.extension"));
        }

        foreach (var (extension, index) in operators)
        {
            var at = $"Appointment.extension[{index}]";
            if (extension.Value is not ResourceReference { Identifier: { } identifier })
            {
                issues.Add(Required("FrAppointmentOperator takes a valueReference with the regulator's identifier.", at + ".valueReference.identifier"));
                continue;
            }

            var codings = identifier.Type?.Coding ?? [];
            var code = codings.Count == 1 && codings[0].System == KnownIdentifierSystems.FrV20203 ? codings[0].Code : null;
            if (code is not (KnownIdentifierSystems.IdnpsCode or KnownIdentifierSystems.IntrnCode))
            {
                issues.Add(Invalid(
                    $"The regulator identifier's type must be one coding {KnownIdentifierSystems.FrV20203} IDNPS (national id) or INTRN (SAS technical id).",
                    at + ".valueReference.identifier.type"));
            }

            var expectedSystem = code == KnownIdentifierSystems.IntrnCode ? SasTechnicalIdSystem : KnownIdentifierSystems.PractitionerNationalId;
            if (string.IsNullOrWhiteSpace(identifier.System))
            {
                issues.Add(Required($"The regulator identifier's system is required ({expectedSystem}).", at + ".valueReference.identifier.system"));
            }
            else if (code is not null && identifier.System != expectedSystem)
            {
                issues.Add(Invalid($"A regulator identifier of type {code} has system {expectedSystem}, not {identifier.System}.", at + ".valueReference.identifier.system"));
            }

            if (string.IsNullOrWhiteSpace(identifier.Value))
            {
                issues.Add(Required("The regulator identifier's value is required.", at + ".valueReference.identifier.value"));
            }
        }
    }

    private static (string? System, string? Value) ReadIdentifier(Appointment appointment, List<FhirIssue> issues)
    {
        if (appointment.Identifier.Count != 1)
        {
            issues.Add(Required($"Appointment.identifier must hold exactly one identifier (your system and technical id); found {appointment.Identifier.Count}.", "Appointment.identifier"));
            return (null, null);
        }

        var identifier = appointment.Identifier[0];
        if (string.IsNullOrWhiteSpace(identifier.System))
        {
            issues.Add(Required("Appointment.identifier.system is required: your OID (urn:oid:…) or URL.", "Appointment.identifier[0].system"));
        }

        if (string.IsNullOrWhiteSpace(identifier.Value))
        {
            issues.Add(Required("Appointment.identifier.value is required: your technical id of the appointment.", "Appointment.identifier[0].value"));
        }

        return (identifier.System?.Trim(), identifier.Value?.Trim());
    }

    private static string? ReadParticipants(Appointment appointment, AppointmentProfile profile, List<FhirIssue> issues)
    {
        if (appointment.Participant.Count == 0)
        {
            issues.Add(Required("Appointment.participant is required.", "Appointment.participant"));
            return null;
        }

        string? practitioner = null;
        for (var i = 0; i < appointment.Participant.Count; i++)
        {
            var participant = appointment.Participant[i];
            var at = $"Appointment.participant[{i}]";
            var status = participant.StatusElement?.JsonValue as string;
            if (status is null || !ParticipantStatuses.Contains(status))
            {
                issues.Add(Invalid($"{at}.status must be accepted or needs-action, not '{status}'.", at + ".status"));
            }

            if (participant.Actor is not { } actor || profile == AppointmentProfile.Sos && actor.Identifier is null)
            {
                continue;
            }

            var identifier = actor.Identifier;
            if (identifier is null)
            {
                issues.Add(Required("The PS participant is named by identifier (its national id).", at + ".actor.identifier"));
                continue;
            }

            var coding = identifier.Type?.Coding ?? [];
            if (coding.Count != 1 || coding[0].System != KnownIdentifierSystems.FrV20203 || coding[0].Code != KnownIdentifierSystems.IdnpsCode)
            {
                issues.Add(Invalid($"The PS identifier's type must be {KnownIdentifierSystems.FrV20203} IDNPS.", at + ".actor.identifier.type"));
            }

            if (identifier.System != KnownIdentifierSystems.PractitionerNationalId)
            {
                issues.Add(Invalid($"The PS identifier's system must be {KnownIdentifierSystems.PractitionerNationalId}, not '{identifier.System}'.", at + ".actor.identifier.system"));
            }

            if (!NationalIdentifiers.TryNormalizePractitioner(identifier.Value, out var normalized, out var error))
            {
                issues.Add(Invalid(error, at + ".actor.identifier.value"));
            }
            else if (practitioner is null)
            {
                practitioner = normalized;
            }
            else if (practitioner != normalized)
            {
                issues.Add(Invalid("The hub relays appointments with one PS; this one names two.", at + ".actor.identifier.value"));
            }
        }

        if (profile == AppointmentProfile.PsIndividuel && practitioner is null && !issues.Any(i => i.Expression?.StartsWith("Appointment.participant", StringComparison.Ordinal) == true))
        {
            issues.Add(Required("FrAppointmentSAS needs a participant whose actor.identifier is the PS national id (urn:oid:1.2.250.1.71.4.2.1, type IDNPS).", "Appointment.participant"));
        }

        return practitioner;
    }

    private static string? ReadSlot(Appointment appointment, List<FhirIssue> issues)
    {
        if (appointment.Slot.Count > 1)
        {
            issues.Add(Invalid("The hub relays appointments booking one slot; this one names several.", "Appointment.slot"));
            return null;
        }

        if (appointment.Slot.Count == 0)
        {
            return null;
        }

        var reference = appointment.Slot[0].Reference;
        var parts = reference?.Split('/') ?? [];
        if (parts.Length != 2 || parts[0] != "Slot" || parts[1].Length == 0)
        {
            issues.Add(Invalid($"Appointment.slot must be a literal reference Slot/<id> to one of your slots, not '{reference}'.", "Appointment.slot[0].reference"));
            return null;
        }

        return parts[1];
    }

    private static FhirIssue Required(string message, string expression) =>
        new(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Required, message, expression);

    private static FhirIssue Invalid(string message, string expression) =>
        new(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.BusinessRule, message, expression);
}
