namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// The code systems, identifier systems, extension URLs and codes the hub reads in the PS flow, so a connector that
/// builds or inspects FHIR by hand never copies them from the hub's internals. Equal to the hub's own constants
/// (a test holds them together). <see cref="PsAgendaResources"/> writes them for you.
/// </summary>
public static class ConnectorCodeSystems
{
    /// <summary>TRE_R314 slot type, in <c>Slot.meta.security</c> (codes <see cref="SlotTypePublic"/>…).</summary>
    public const string SlotType = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";

    /// <summary>Open to everyone: the SAS may offer the slot to a patient.</summary>
    public const string SlotTypePublic = "PUBLIC";

    /// <summary>Open to health professionals.</summary>
    public const string SlotTypePro = "PRO";

    /// <summary>Kept for the SAS regulators (soins non programmés).</summary>
    public const string SlotTypeSnp = "SNP";

    /// <summary>Open to CPTS structures.</summary>
    public const string SlotTypeCpts = "CPTS";

    /// <summary>HL7 v3-ActCode: consultation modes in <c>Slot.serviceType</c> and fr-core service-type-duration.</summary>
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>At the practice.</summary>
    public const string ModeAmbulatory = "AMB";

    /// <summary>Home visit.</summary>
    public const string ModeHomeVisit = "HH";

    /// <summary>Teleconsultation.</summary>
    public const string ModeVirtual = "VR";

    /// <summary>HL7 v2-0276 appointment type, in <c>Slot.appointmentType</c>.</summary>
    public const string AppointmentType = "http://terminology.hl7.org/CodeSystem/v2-0276";

    /// <summary>A bookable slot.</summary>
    public const string AppointmentTypeRoutine = "ROUTINE";

    /// <summary>No appointment needed.</summary>
    public const string AppointmentTypeWalkIn = "WALKIN";

    /// <summary>TRE_R38 specialité ordinale, in <c>PractitionerRole.specialty</c> and <c>Slot.specialty</c>.</summary>
    public const string SpecialiteOrdinale = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";

    /// <summary>TRE_R38 médecine générale.</summary>
    public const string SpecialiteMedecineGenerale = "SM54";

    /// <summary>SNOMED CT, the other specialty system the hub's <c>specialty</c> search accepts.</summary>
    public const string SnomedCt = "http://snomed.info/sct";

    /// <summary>IDNPS: national id of a health professional, <see cref="RppsPrefix"/>+RPPS or <see cref="AdeliPrefix"/>+ADELI.</summary>
    public const string PractitionerNationalId = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>Prefix of an RPPS (11 digits) in a practitioner national id and in roster keys.</summary>
    public const string RppsPrefix = "8";

    /// <summary>Prefix of an ADELI (9 characters) in a practitioner national id and in roster keys.</summary>
    public const string AdeliPrefix = "0";

    /// <summary>IDNST: national id of a structure, <see cref="FinessPrefix"/>+FINESS or <see cref="SiretPrefix"/>+SIRET.</summary>
    public const string StructureNationalId = "urn:oid:1.2.250.1.71.4.2.2";

    /// <summary>Prefix of a FINESS (9 characters) in a structure national id.</summary>
    public const string FinessPrefix = "1";

    /// <summary>Prefix of a SIRET (14 digits) in a structure national id.</summary>
    public const string SiretPrefix = "3";

    /// <summary>Identifier type system of the practitioner's and the organisation's ids (codes IDNPS, IDNST).</summary>
    public const string IdentifierType = "http://interopsante.org/fhir/CodeSystem/fr-v2-0203";

    public const string IdentifierTypeIdnps = "IDNPS";

    public const string IdentifierTypeIdnst = "IDNST";

    /// <summary>fr-core service-type-duration on a PractitionerRole (see <see cref="PsAgendaResources.ServiceTypeDuration"/>).</summary>
    public const string ServiceTypeDurationExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-service-type-duration";

    /// <summary>The hub's home-visit perimeter on a PractitionerRole (<c>valueQuantity</c> in UCUM km or m).</summary>
    public const string HomeVisitRadiusExtension = "urn:sas-interop:StructureDefinition:practitionerrole-home-visit-radius";

    /// <summary>BCP-47 language tags, in <c>Practitioner.communication</c>.</summary>
    public const string Bcp47 = "urn:ietf:bcp:47";

    /// <summary>UCUM, the unit system of durations and distances.</summary>
    public const string Ucum = "http://unitsofmeasure.org";
}
