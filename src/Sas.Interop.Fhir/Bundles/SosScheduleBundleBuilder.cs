using Hl7.Fhir.Model;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// Builds the IG's SOS Médecins searchset (sas-sos-bundle-aggregator): Schedules as <c>match</c> (one per fixed
/// consultation place), and as <c>include</c> their Slots, Locations and associations.
/// </summary>
/// <param name="freshness">Tags stale slots; null (tests, tools) tags nothing.</param>
public sealed class SosScheduleBundleBuilder(SlotFreshness? freshness = null)
{
    /// <remarks>
    /// <c>total</c> counts the matches, i.e. Schedules, as FHIR defines it; the IG's example counts slots (trap 8).
    /// </remarks>
    public Bundle Build(SosSearchResult result, SosScheduleSearchRequest request, string baseUrl, string selfUrl)
    {
        var bundle = SlotBundleBuilder.ClaimedOnlyIfHeld(BuildEntries(result, request, baseUrl, selfUrl), "Slot", "Schedule", "Location", "Organization");

        // The SOS Bundle profile is claimed only for an answer of SOS associations alone (see StructureAgendaResources).
        if (result.Slots.Any(s => !StructureFlow.IsSosShaped(s.OrganizationNationalId)))
        {
            bundle.Meta = null;
        }

        return bundle;
    }

    private Bundle BuildEntries(SosSearchResult result, SosScheduleSearchRequest request, string baseUrl, string selfUrl)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(selfUrl);
        var root = baseUrl.TrimEnd('/');

        // Schedules in the order of their earliest slot: the most useful place first.
        var schedules = SlotBundleBuilder.Referenced(result.Slots.Select(s => (s.SourceInstance, (string?)s.ScheduleNativeId)), result.Schedules);
        var bundle = SlotBundleBuilder.Searchset(SasProfiles.BundleSos, schedules.Count, selfUrl);

        // Structure agendas of other structures (FINESS) go out in the same shape without the SOS profiles.
        var flowOfSchedule = result.Slots.GroupBy(s => (s.SourceInstance, s.ScheduleNativeId))
            .ToDictionary(g => g.Key, g => StructureFlow.Of(g.First().OrganizationNationalId));
        var flowOfLocation = new Dictionary<(string, string?), ServedFlow>();
        var flowOfOrganization = new Dictionary<(string, string?), ServedFlow>();
        foreach (var schedule in schedules)
        {
            var flow = flowOfSchedule.GetValueOrDefault((schedule.SourceInstance, schedule.NativeId), ServedFlow.Sos);
            flowOfLocation[(schedule.SourceInstance, schedule.LocationNativeId)] = flow;
            SlotBundleBuilder.Add(bundle, root, StructureAgendaResources.Shaped(CanonicalToFhir.ToSosSchedule(schedule), flow), Bundle.SearchEntryMode.Match);
        }

        if (request.IncludeSlots)
        {
            foreach (var slot in result.Slots)
            {
                var resource = CanonicalToFhir.ToSlot(slot, SlotFlavour.Sos);
                freshness?.Tag(resource, slot);
                SlotBundleBuilder.Add(bundle, root, StructureAgendaResources.Shaped(resource, StructureFlow.Of(slot.OrganizationNationalId)), Bundle.SearchEntryMode.Include);
            }
        }

        if (!request.IncludeLocations)
        {
            return bundle;
        }

        var locations = SlotBundleBuilder.Referenced(schedules.Select(s => (s.SourceInstance, s.LocationNativeId)), result.Locations);
        foreach (var location in locations)
        {
            var flow = flowOfLocation.GetValueOrDefault((location.SourceInstance, location.NativeId), ServedFlow.Sos);
            flowOfOrganization[(location.SourceInstance, location.OrganizationNativeId)] = flow;
            SlotBundleBuilder.Add(bundle, root, StructureAgendaResources.Shaped(CanonicalToFhir.ToSosLocation(location), flow), Bundle.SearchEntryMode.Include);
        }

        if (request.IncludeOrganizations)
        {
            foreach (var organization in SlotBundleBuilder.Referenced(locations.Select(l => (l.SourceInstance, (string?)l.OrganizationNativeId)), result.Organizations))
            {
                var flow = flowOfOrganization.GetValueOrDefault((organization.SourceInstance, organization.NativeId), ServedFlow.Sos);
                SlotBundleBuilder.Add(bundle, root, StructureAgendaResources.ToOrganization(organization, flow), Bundle.SearchEntryMode.Include);
            }
        }

        return bundle;
    }
}
