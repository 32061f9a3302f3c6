using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Profiles;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Reads the kind of a structure from <c>Organization.type</c>: TRE_R66 CategorieEtablissement <c>124</c> (centre de
/// santé), <c>603</c> (MSP), <c>604</c> (CPTS), or the IG's orientation categories (<c>003</c> SOS Médecins). The IG
/// writes the TRE_R66 system three ways (digest trap 11): any system naming TRE_R66 is read as it.
/// </summary>
internal static class StructureTypeReader
{
    public const string OrientationSystem = "https://interop.esante.gouv.fr/ig/fhir/sas/CodeSystem/categorie-orientation-sas-codesystem";

    /// <param name="organization">The publisher's Organization.</param>
    /// <param name="nationalId">The structure's prefixed national id: an untyped SIRET structure is an SOS association
    /// (the IG's SOS flow types none), an untyped FINESS one is <see cref="StructureTypes.Other"/>.</param>
    public static string Read(Organization organization, string? nationalId)
    {
        foreach (var coding in organization.Type.SelectMany(t => t.Coding))
        {
            var code = coding.Code?.Trim();
            var system = coding.System ?? string.Empty;
            var treR66 = system == SasCodeSystems.CategorieEtablissement || system.Contains("TRE_R66", StringComparison.OrdinalIgnoreCase) || system.Contains("TRE-R66", StringComparison.OrdinalIgnoreCase);
            var orientation = system == OrientationSystem;
            if (!treR66 && !orientation)
            {
                continue;
            }

            switch (code)
            {
                case "124":
                    return StructureTypes.Cds;
                case "603":
                    return StructureTypes.Msp;
                case "604":
                    return StructureTypes.Cpts;
                case "003" when orientation:
                    return StructureTypes.Sos;
            }
        }

        return nationalId is not null && nationalId.StartsWith('3') ? StructureTypes.Sos : StructureTypes.Other;
    }
}
