namespace Sas.Interop.Samples.Publisher;

/// <summary>Profile canonicals and code systems of the SAS IG PS-individuel flow (digest §4, §5.1).</summary>
internal static class SasProfiles
{
    public const string Bundle = "http://sas.fr/fhir/StructureDefinition/BundleAgregateur";
    public const string Slot = "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur";
    public const string Schedule = "http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur";
    public const string Practitioner = "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur";
    public const string PractitionerRole = "http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur";
    public const string Location = "http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur";

    public const string SlotTypeSystem = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string SpecialtySystem = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
    public const string AppointmentTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0276";

    public const string PsIndivCapabilityStatement = "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-PsIndiv";
}
