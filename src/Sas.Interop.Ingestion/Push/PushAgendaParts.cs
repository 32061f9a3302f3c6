using Hl7.Fhir.Model;

namespace Sas.Interop.Ingestion.Push;

/// <summary>
/// Splits a push into its structure agendas (a Schedule naming a Location or HealthcareService and no practitioner,
/// with its Slots, that Location or service and the structure's Organization) and the rest (practitioners' agendas):
/// the normaliser reads one kind of roster at a time, and FHIR lets one transaction carry both.
/// </summary>
internal static class PushAgendaParts
{
    public static (List<Resource> Structures, List<Resource> Practitioners) Split(IReadOnlyList<Resource> resources)
    {
        var structureSchedules = resources.OfType<Schedule>().Where(IsStructureSchedule).ToList();
        if (structureSchedules.Count == 0)
        {
            return ([], [.. resources]);
        }

        var scheduleRefs = structureSchedules.Select(s => "Schedule/" + s.Id).ToHashSet(StringComparer.Ordinal);
        var actorRefs = structureSchedules.SelectMany(s => s.Actor).Select(a => a.Reference).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var services = resources.OfType<HealthcareService>().Where(h => actorRefs.Contains("HealthcareService/" + h.Id)).ToList();
        var locationRefs = actorRefs.Concat(services.SelectMany(h => h.Location).Select(l => l.Reference).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var locations = resources.OfType<Location>().Where(l => locationRefs.Contains("Location/" + l.Id)).ToList();
        var organizationRefs = locations.Select(l => l.ManagingOrganization?.Reference)
            .Concat(services.Select(h => h.ProvidedBy?.Reference))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

        var structures = new List<Resource>();
        var practitioners = new List<Resource>();
        foreach (var resource in resources)
        {
            var reference = resource.TypeName + "/" + resource.Id;
            var isStructure = resource switch
            {
                Schedule => scheduleRefs.Contains(reference),
                Slot slot => slot.Schedule?.Reference is { } schedule && scheduleRefs.Contains(schedule),
                Location or HealthcareService => locationRefs.Contains(reference) || actorRefs.Contains(reference),
                Organization => organizationRefs.Contains(reference),
                _ => false,
            };
            (isStructure ? structures : practitioners).Add(resource);
        }

        // An Organization a practitioners' agenda also names (a CPTS's HealthcareService.providedBy) goes to both.
        var practitionerOrganizations = practitioners.OfType<HealthcareService>().Select(h => h.ProvidedBy?.Reference).OfType<string>().ToHashSet(StringComparer.Ordinal);
        practitioners.AddRange(structures.OfType<Organization>().Where(o => practitionerOrganizations.Contains("Organization/" + o.Id)));
        return (structures, practitioners);
    }

    /// <summary>A structure agenda's Schedule: a Location or HealthcareService actor and no practitioner.</summary>
    public static bool IsStructureSchedule(Schedule schedule) =>
        schedule.Actor.Any(a => a.Reference?.StartsWith("Location/", StringComparison.Ordinal) == true || a.Reference?.StartsWith("HealthcareService/", StringComparison.Ordinal) == true)
        && !schedule.Actor.Any(a => a.Reference?.StartsWith("Practitioner", StringComparison.Ordinal) == true);
}
