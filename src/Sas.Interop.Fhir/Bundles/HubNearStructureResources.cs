using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// The structure agendas' resources in a <c>hub-near</c> answer (the PS-individuel Slot search around a point):
/// each rendered exactly as the structure Schedule search and the reads by id render it — the SOS profiles for an
/// SOS association (SIRET), none for another structure (<see cref="StructureAgendaResources"/>) — with the same ids.
/// </summary>
internal static class HubNearStructureResources
{
    /// <summary>A slot of a structure agenda: its structure's id, no practitioner.</summary>
    public static bool IsStructureSlot(CanonicalSlot slot) => slot.OrganizationNationalId is not null && slot.PractitionerNationalId is null;

    public static Slot ToSlot(CanonicalSlot slot) =>
        StructureAgendaResources.Shaped(CanonicalToFhir.ToSlot(slot, SlotFlavour.Sos), StructureFlow.Of(slot.OrganizationNationalId));

    /// <summary>The structure Schedule of a structure slot; null for a practitioner's schedule.</summary>
    public static Schedule? ToSchedule(CanonicalSchedule schedule, SlotSearchResult result) =>
        schedule.LocationNativeId is null ? null : StructureAgendaResources.Shaped(CanonicalToFhir.ToSosSchedule(schedule), FlowOf(schedule, result));

    /// <summary>
    /// The structure schedules' actors, in the order the schedules come: each Location, then (once each) the
    /// Organizations managing them — the SAS needs the structure's identity, as the Schedule search's
    /// <c>_include:iterate=Location:organization</c> gives it.
    /// </summary>
    public static IEnumerable<Resource> ActorsOf(IReadOnlyList<CanonicalSchedule> schedules, SlotSearchResult result)
    {
        var structureSchedules = schedules.Where(s => s.LocationNativeId is not null).ToList();
        if (structureSchedules.Count == 0)
        {
            yield break;
        }

        var flowOfLocation = new Dictionary<(string, string), ServedFlow>();
        foreach (var schedule in structureSchedules)
        {
            flowOfLocation.TryAdd((schedule.SourceInstance, schedule.LocationNativeId!), FlowOf(schedule, result));
        }

        var locations = SlotBundleBuilder.Referenced(structureSchedules.Select(s => (s.SourceInstance, s.LocationNativeId)), result.Locations);
        var flowOfOrganization = new Dictionary<(string, string), ServedFlow>();
        foreach (var location in locations)
        {
            var flow = flowOfLocation[(location.SourceInstance, location.NativeId)];
            flowOfOrganization.TryAdd((location.SourceInstance, location.OrganizationNativeId), flow);
            yield return StructureAgendaResources.Shaped(CanonicalToFhir.ToSosLocation(location), flow);
        }

        foreach (var organization in SlotBundleBuilder.Referenced(locations.Select(l => (l.SourceInstance, (string?)l.OrganizationNativeId)), result.StructureOrganizations))
        {
            yield return StructureAgendaResources.ToOrganization(organization, flowOfOrganization[(organization.SourceInstance, organization.NativeId)]);
        }
    }

    // A structure schedule is shaped by the structure of its slots (one structure per place).
    private static ServedFlow FlowOf(CanonicalSchedule schedule, SlotSearchResult result) =>
        StructureFlow.Of(result.Slots.FirstOrDefault(s => s.SourceInstance == schedule.SourceInstance && s.ScheduleNativeId == schedule.NativeId)?.OrganizationNationalId);
}
