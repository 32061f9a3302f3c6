using Hl7.Fhir.Model;

namespace Sas.Interop.Testing.Conformance;

/// <summary>
/// Value sets the IG binds to but does not ship, written from the IG narrative or HL7 terminology so that a
/// caller can opt into checking those bindings too. Kept apart from the package: these are our transcription.
/// </summary>
public static class SupplementaryValueSets
{
    public const string SlotTypeJdvJ165 = "https://mos.esante.gouv.fr/NOS/JDV_J165-TypeCreneau-SAS/FHIR/JDV-J165-TypeCreneau-SAS";
    public const string ActEncounterCode = "http://terminology.hl7.org/ValueSet/v3-ActEncounterCode";

    private const string TypeCreneau = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>
    /// JDV_J165 as the PS search page describes it (PUBLIC, PRO, SNP of TRE_R314), and v3-ActEncounterCode as
    /// HL7 terminology defines it (the ActEncounterCode concept domain).
    /// </summary>
    public static IReadOnlyList<ValueSet> FromIgNarrativeAndHl7 { get; } =
    [
        Enumerated(SlotTypeJdvJ165, TypeCreneau, "PUBLIC", "PRO", "SNP"),
        Enumerated(ActEncounterCode, ActCode, "AMB", "EMER", "FLD", "HH", "IMP", "ACUTE", "NONAC", "OBSENC", "PRENC", "SS", "VR"),
    ];

    private static ValueSet Enumerated(string url, string system, params string[] codes) => new()
    {
        Url = url,
        Status = PublicationStatus.Active,
        Compose = new ValueSet.ComposeComponent
        {
            Include = [new ValueSet.ConceptSetComponent { System = system, Concept = [.. codes.Select(c => new ValueSet.ConceptReferenceComponent { Code = c })] }],
        },
    };
}
