namespace Sas.Interop.Samples.Publisher;

/// <summary>Profile canonicals and code systems of the SAS IG slot-search flows (digest §4, §5.1).</summary>
internal static class SasProfiles
{
    public const string Bundle = "http://sas.fr/fhir/StructureDefinition/BundleAgregateur";
    public const string Slot = "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur";
    public const string Schedule = "http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur";
    public const string Practitioner = "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur";
    public const string PractitionerRole = "http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur";
    public const string Location = "http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur";

    private const string IgBase = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/";

    public const string CptsBundle = IgBase + "sas-cpts-bundle-aggregator";
    public const string CptsSlot = IgBase + "sas-cpts-slot-aggregator";
    public const string CptsHealthcareService = IgBase + "sas-cpts-healthcareservice-aggregator";
    public const string CptsOrganization = IgBase + "sas-cpts-organization-aggregator";

    public const string SosBundle = IgBase + "sas-sos-bundle-aggregator";
    public const string SosSlot = IgBase + "sas-sos-slot-aggregator";
    public const string SosSchedule = IgBase + "sas-sos-schedule-aggregator";
    public const string SosLocation = IgBase + "sas-sos-location-aggregator";
    public const string SosOrganization = IgBase + "sas-sos-organization-aggregator";

    /// <summary>R5 <c>Slot.serviceType</c> back-port: the CPTS serviceType entry's reference to its HealthcareService.</summary>
    public const string SlotServiceTypeReferenceExtension = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType";

    /// <summary>TRE_R66 as the IG value set and examples write it (digest §10 trap 11).</summary>
    public const string EstablishmentCategorySystem = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
    public const string CptsCategoryCode = "604";
    public const string CptsSlotType = "CPTS";

    public const string SlotTypeSystem = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string SpecialtySystem = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
    public const string AppointmentTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0276";

    public const string PsIndivCapabilityStatement = "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-PsIndiv";
    public const string CptsCapabilityStatement = "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-CPTS";
    public const string GestionnaireStructureCapabilityStatement = "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireStructure";

    /// <summary>The regulator account profile (INT_R02), on the IG's canonical base unlike the PS profiles (digest §10 trap 1).</summary>
    public const string PractitionerRegul = IgBase + "FrPractitionerRegul";

    public const string SosCapabilityStatement = "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-SOS";
}
