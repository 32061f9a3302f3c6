using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// An immutable snapshot of what the simulator serves, indexed for the PS/CPTS Slot and SOS Schedule searches. Changes build a new
/// snapshot, so requests in flight keep reading a consistent one.
/// </summary>
internal sealed class SimulatorData
{
    private readonly Dictionary<string, Resource> _byReference;
    private readonly Dictionary<string, List<string>> _practitionerReferencesByNationalId;
    private readonly Dictionary<string, List<Slot>> _slotsBySchedule;
    private readonly Dictionary<string, List<string>> _organizationReferencesBySiret;

    private SimulatorData(IReadOnlyList<Resource> resources)
    {
        Resources = resources;
        _byReference = new Dictionary<string, Resource>(StringComparer.Ordinal);
        _practitionerReferencesByNationalId = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        _slotsBySchedule = new Dictionary<string, List<Slot>>(StringComparer.Ordinal);
        _organizationReferencesBySiret = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var practitionerIds = new List<string>();
        var organizationIds = new List<string>();

        foreach (var resource in resources)
        {
            if (resource.Id is { Length: > 0 } id)
            {
                _byReference[resource.TypeName + "/" + id] = resource;
            }

            switch (resource)
            {
                case Practitioner practitioner when practitioner.Id is not null:
                    foreach (var nationalId in NationalIdsOf(practitioner))
                    {
                        if (!_practitionerReferencesByNationalId.TryGetValue(nationalId, out var references))
                        {
                            references = [];
                            _practitionerReferencesByNationalId[nationalId] = references;
                            practitionerIds.Add(nationalId);
                        }

                        references.Add("Practitioner/" + practitioner.Id);
                    }

                    break;
                case Organization organization when organization.Id is not null:
                    foreach (var siret in SiretsOf(organization))
                    {
                        if (!_organizationReferencesBySiret.TryGetValue(siret, out var references))
                        {
                            references = [];
                            _organizationReferencesBySiret[siret] = references;
                            organizationIds.Add(siret);
                        }

                        references.Add("Organization/" + organization.Id);
                    }

                    break;
                case Slot slot when LocalReference(slot.Schedule?.Reference) is { } schedule:
                    if (!_slotsBySchedule.TryGetValue(schedule, out var slots))
                    {
                        slots = [];
                        _slotsBySchedule[schedule] = slots;
                    }

                    slots.Add(slot);
                    break;
            }
        }

        PractitionerIds = practitionerIds;
        OrganizationIds = organizationIds;
    }

    public IReadOnlyList<Resource> Resources { get; }

    /// <summary>Prefixed national ids of the practitioners served, in data order.</summary>
    public IReadOnlyList<string> PractitionerIds { get; }

    /// <summary>Prefixed SIRETs (<c>3</c>+14 digits) of the organizations served (SOS associations), in data order.</summary>
    public IReadOnlyList<string> OrganizationIds { get; }

    /// <summary>Indexes the given resources; Bundles are flattened into their entries' resources.</summary>
    public static SimulatorData From(IEnumerable<Resource> resources)
    {
        var flattened = new List<Resource>();
        foreach (var resource in resources)
        {
            if (resource is Bundle bundle)
            {
                flattened.AddRange(bundle.Entry.Select(entry => entry.Resource).OfType<Resource>());
            }
            else
            {
                flattened.Add(resource);
            }
        }

        return new SimulatorData(flattened);
    }

    public SimulatorData WithoutSlots(Func<Slot, bool> predicate, out int removed)
    {
        var kept = Resources.Where(resource => resource is not Slot slot || !predicate(slot)).ToList();
        removed = Resources.Count - kept.Count;
        return new SimulatorData(kept);
    }

    public Resource? Resolve(string? reference) =>
        LocalReference(reference) is { } local && _byReference.TryGetValue(local, out var resource) ? resource : null;

    /// <summary>
    /// Slots of the schedules whose actors include one of the practitioners (the chained
    /// <c>schedule.actor:Practitioner.identifier</c> search), ordered by start then id.
    /// </summary>
    public IEnumerable<Slot> SlotsOfPractitioners(IEnumerable<string> nationalIds)
    {
        var practitionerReferences = nationalIds
            .SelectMany(id => _practitionerReferencesByNationalId.TryGetValue(id, out var references) ? references : [])
            .ToHashSet(StringComparer.Ordinal);
        if (practitionerReferences.Count == 0)
        {
            return [];
        }

        return Resources.OfType<Schedule>()
            .Where(schedule => schedule.Actor.Any(actor => LocalReference(actor.Reference) is { } actorReference && practitionerReferences.Contains(actorReference)))
            .SelectMany(schedule => _slotsBySchedule.TryGetValue("Schedule/" + schedule.Id, out var slots) ? slots : [])
            .Distinct()
            .OrderBy(slot => slot.Start)
            .ThenBy(slot => slot.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// Schedules whose actor Location is managed by one of the organizations (the chained
    /// <c>actor:Location.organization.identifier</c> search), in data order.
    /// </summary>
    public IEnumerable<Schedule> SchedulesOfOrganizations(IEnumerable<string> sirets)
    {
        var organizationReferences = sirets
            .SelectMany(siret => _organizationReferencesBySiret.TryGetValue(siret, out var references) ? references : [])
            .ToHashSet(StringComparer.Ordinal);
        if (organizationReferences.Count == 0)
        {
            return [];
        }

        return Resources.OfType<Schedule>().Where(schedule => schedule.Actor.Any(actor =>
            Resolve(actor.Reference) is Location location
            && LocalReference(location.ManagingOrganization?.Reference) is { } organization
            && organizationReferences.Contains(organization)));
    }

    /// <summary>The slots of a schedule, ordered by start then id.</summary>
    public IEnumerable<Slot> SlotsOf(Schedule schedule) =>
        _slotsBySchedule.TryGetValue("Schedule/" + schedule.Id, out var slots)
            ? slots.OrderBy(slot => slot.Start).ThenBy(slot => slot.Id, StringComparer.Ordinal)
            : [];

    /// <summary>"Type/id" of a relative or absolute reference; null for contained or malformed ones.</summary>
    public static string? LocalReference(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.StartsWith('#'))
        {
            return null;
        }

        var parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var history = Array.IndexOf(parts, "_history");
        if (history >= 0)
        {
            parts = parts[..history];
        }

        return parts.Length >= 2 ? parts[^2] + "/" + parts[^1] : null;
    }

    private static IEnumerable<string> SiretsOf(Organization organization)
    {
        foreach (var identifier in organization.Identifier)
        {
            // Structures with agendas of their own: SOS associations (SIRET), centres de santé and MSP (FINESS or
            // SIRET); a CPTS is searched through its practitioners, not by its FINESS.
            var structure = organization.Meta?.Profile.Contains(SasProfiles.CptsOrganization) != true;
            if ((identifier.System is null || identifier.System == KnownIdentifierSystems.StructureNationalId)
                && (structure ? NationalIdentifiers.TryNormalizeFinessOrSiret(identifier.Value, out var siret, out _) : NationalIdentifiers.TryNormalizeSiret(identifier.Value, out siret, out _)))
            {
                yield return siret;
            }
        }
    }

    private static IEnumerable<string> NationalIdsOf(Practitioner practitioner)
    {
        foreach (var identifier in practitioner.Identifier)
        {
            // Publishers store ids bare or prefixed; the IG makes them answer to the prefixed form either way.
            if ((identifier.System is null || identifier.System == KnownIdentifierSystems.PractitionerNationalId)
                && NationalIdentifiers.TryNormalizePractitioner(identifier.Value, out var normalized, out _))
            {
                yield return normalized;
            }
        }
    }
}
