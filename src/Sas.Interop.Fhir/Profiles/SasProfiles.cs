namespace Sas.Interop.Fhir.Profiles;

/// <summary>Canonical URLs of the IG profiles the hub emits (note the two URL families, digest §10.1).</summary>
public static class SasProfiles
{
    public const string BundlePs = "http://sas.fr/fhir/StructureDefinition/BundleAgregateur";
    public const string Slot = "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur";
    public const string Schedule = "http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur";
    public const string Practitioner = "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur";
    public const string PractitionerRole = "http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur";
    public const string Location = "http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur";

    private const string Ans = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/";

    public const string BundleCpts = Ans + "sas-cpts-bundle-aggregator";
    public const string CptsSlot = Ans + "sas-cpts-slot-aggregator";
    public const string CptsHealthcareService = Ans + "sas-cpts-healthcareservice-aggregator";
    public const string CptsOrganization = Ans + "sas-cpts-organization-aggregator";

    public const string BundleSos = Ans + "sas-sos-bundle-aggregator";
    public const string SosSlot = Ans + "sas-sos-slot-aggregator";
    public const string SosSchedule = Ans + "sas-sos-schedule-aggregator";
    public const string SosLocation = Ans + "sas-sos-location-aggregator";
    public const string SosOrganization = Ans + "sas-sos-organization-aggregator";

    /// <summary>R5 <c>Slot.serviceType</c> back-port linking a CPTS slot to the CPTS HealthcareService.</summary>
    public const string R5SlotServiceTypeExtension = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType";
}
