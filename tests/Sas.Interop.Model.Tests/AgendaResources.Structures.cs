using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Model.Tests;

/// <summary>Structure agendas as the publisher serves them: Organization (FINESS or SIRET) → Location → Schedule → Slots, no practitioner.</summary>
internal sealed partial class AgendaResources
{
    public const string EstablishmentCategorySystem = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";

    /// <summary>
    /// <paramref name="finess"/> FINESS structures (centres de santé and MSP, from the sample publisher's structure
    /// generator) then <paramref name="sirets"/> SIRET ones (from its SOS generator): prefixed national ids and their
    /// TRE_R66 category (null for a SIRET structure).
    /// </summary>
    public static List<(string NationalId, string? Category)> StructureIds(int finess, int sirets, int seed)
    {
        var ids = new List<(string, string?)>();
        foreach (var organization in PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Name = "model-cds", Kind = SimulatedPublisherKind.Structure, AssociationCount = finess, Seed = seed, Days = 1 }).OfType<Organization>())
        {
            ids.Add((Normalized(organization), organization.Type.Single().Coding.Single().Code));
        }

        foreach (var organization in PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Name = "model-sos", Kind = SimulatedPublisherKind.Sos, AssociationCount = sirets, Seed = seed, Days = 1 }).OfType<Organization>().Take(sirets))
        {
            ids.Add((Normalized(organization), null));
        }

        return ids;
    }

    /// <summary>The publisher's whole structure agenda as the resources it serves.</summary>
    public IEnumerable<Resource> StructureAgenda(IEnumerable<AgendaStructure> structures, DateTimeOffset lastUpdated)
    {
        foreach (var structure in structures)
        {
            foreach (var resource in StructureResources(structure.NationalId, structure.Category, structure.Place, structure.ScheduleInactive))
            {
                yield return resource;
            }

            foreach (var slot in structure.Slots.Values)
            {
                yield return Slot(slot, structure.NationalId, lastUpdated);
            }
        }
    }

    /// <summary>Organization, Location (at the place's address) and Schedule (naming the Location only) of one structure.</summary>
    public IEnumerable<Resource> StructureResources(string key, string? category, int place, bool scheduleInactive)
    {
        var organization = new Organization
        {
            Id = "org-" + key,
            Identifier = [new Identifier(KnownIdentifierSystems.StructureNationalId, key)],
            Name = "Structure " + key,
        };
        if (category is not null)
        {
            organization.Type = [new CodeableConcept(EstablishmentCategorySystem, category)];
        }

        var location = (Location)Places[place].DeepCopy();
        location.Id = "site-" + key;
        location.ManagingOrganization = new ResourceReference("Organization/" + organization.Id);
        var schedule = new Schedule
        {
            Id = ScheduleId(key),
            Actor = [new ResourceReference("Location/" + location.Id)],
        };
        if (scheduleInactive)
        {
            schedule.Active = false;
        }

        yield return organization;
        yield return location;
        yield return schedule;
    }

    private static string Normalized(Organization organization) =>
        NationalIdentifiers.TryNormalizeFinessOrSiret(organization.Identifier.Single().Value, out var id, out _) ? id : throw new InvalidOperationException("The generator gave a structure without FINESS or SIRET.");
}
