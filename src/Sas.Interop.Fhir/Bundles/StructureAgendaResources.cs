using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Profiles;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// The resources of a structure agenda that is not an SOS association's (centre de santé, MSP… identified by
/// FINESS): the SOS answer's resources, same content, but no IG profile claimed — the SOS profiles require a SIRET
/// (their invariants) and the IG has no other structure-agenda profile — and the Organization typed with its TRE_R66
/// category so the SAS can tell a centre de santé from an MSP.
/// </summary>
internal static class StructureAgendaResources
{
    public static T Shaped<T>(T resource, ServedFlow flow)
        where T : Resource
    {
        if (flow == ServedFlow.Structure && resource.Meta is { } meta)
        {
            meta.Profile = [];
        }

        return resource;
    }

    public static Organization ToOrganization(CanonicalOrganization record, ServedFlow flow)
    {
        var organization = Shaped(CanonicalToFhir.ToSosOrganization(record), flow);
        if (flow == ServedFlow.Structure && CategoryOf(record.StructureType) is { } code)
        {
            organization.Type.Add(new CodeableConcept(SasCodeSystems.CategorieEtablissement, code));
        }

        return organization;
    }

    private static string? CategoryOf(string? structureType) => structureType switch
    {
        StructureTypes.Cds => "124",
        StructureTypes.Msp => "603",
        _ => null,
    };
}
