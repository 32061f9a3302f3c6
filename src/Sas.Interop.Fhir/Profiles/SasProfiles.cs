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
}
