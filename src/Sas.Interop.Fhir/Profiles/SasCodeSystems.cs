namespace Sas.Interop.Fhir.Profiles;

/// <summary>Code systems of the SAS nomenclatures (digest §5.1).</summary>
public static class SasCodeSystems
{
    public const string SlotType = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string AppointmentType = "http://terminology.hl7.org/CodeSystem/v2-0276";
    public const string SpecialiteOrdinale = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";

    /// <summary>SNOMED CT, which some publishers use for specialties besides TRE_R38.</summary>
    public const string SnomedCt = "http://snomed.info/sct";

    /// <summary>TRE_R66 establishment category; code <c>604</c> marks the CPTS entries of <c>Slot.serviceType</c>.</summary>
    public const string CategorieEtablissement = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
}
