using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// hub-near over structure agendas (centres de santé, MSP, SOS associations: slots of a Location, no practitioner):
/// the free slots the structure Schedule search would serve whose Location lies in the circle, with the slot-level
/// filters of the PS search. Ranked with the PS slots by <see cref="EfSlotStore"/>.
/// </summary>
internal static class StructureNearSearch
{
    /// <summary>
    /// Whether a search can answer structure slots: the PS-individuel hub-near search asking for no practitioner and no
    /// practitioner's language (a structure slot has no practitioner, so it cannot satisfy either). CPTS answers carry
    /// practitioners' slots only.
    /// </summary>
    public static bool Applies(SlotSearchCriteria criteria) =>
        criteria.Near is not null && criteria.Flow == SlotSearchFlow.PsIndividual
        && criteria.PractitionerNationalIds.Count == 0 && criteria.LanguageFilters.Count == 0;

    /// <summary>
    /// The structure slots the search may serve: <see cref="EfSlotSearch.SosMatching"/> (what the Schedule search by
    /// structure serves: PUBLIC/SNP or untyped, not withheld, status, window, freshness) narrowed by the PS search's
    /// slot-level filters; a specialty is read on the slot's own specialties (no PractitionerRole).
    /// </summary>
    public static IQueryable<SlotRow> Matching(HubDbContext db, SlotSearchCriteria criteria)
    {
        var matching = EfSlotSearch.SosMatching(db, new SosSearchCriteria([], criteria.From, criteria.To, criteria.Status, criteria.MaxSlots) { FetchedSince = criteria.FetchedSince })
            .Where(s => s.PractitionerNationalId == null);
        matching = SlotLevelFilters.Apply(matching, criteria.ModeFilters, criteria.TypeFilters, criteria.Overbooked);

        foreach (var fragments in criteria.SpecialtyFilters.Select(entry => entry.Select(RowMapper.SpecialtyFragment).ToList()))
        {
            matching = matching.Where(s => fragments.Any(f => s.SpecialtiesJson.Contains(f)));
        }

        return matching;
    }

    /// <summary>
    /// The matching structure slots whose schedule's Location lies within the circle (a bounding box in SQL, then the
    /// exact distance here). A structure declares no home-visit perimeter: an <c>HH</c> slot matches by its place, as a
    /// practitioner's without one does (<see cref="HomeVisitReach"/>), so the circle alone decides.
    /// </summary>
    public static async Task<List<NearCandidate>> CandidatesAsync(
        HubDbContext db, IQueryable<SlotRow> matching, GeoCircle near, CancellationToken cancellationToken)
    {
        var box = near.Center.BoundingBox(near.RadiusMeters);
        var locations = await db.Locations.AsNoTracking()
            .Where(l => l.Latitude != null && l.Longitude != null
                && l.Latitude >= box.MinLatitude && l.Latitude <= box.MaxLatitude
                && l.Longitude >= box.MinLongitude && l.Longitude <= box.MaxLongitude)
            .Select(l => new { l.SourceInstance, l.NativeId, l.OrganizationNativeId, l.Latitude, l.Longitude })
            .ToListAsync(cancellationToken);
        var locationDistances = new Dictionary<(string Source, string NativeId), double>();
        var organizationKeys = new HashSet<(string Source, string NativeId)>();
        foreach (var location in locations)
        {
            if (near.Contains(new GeoPoint(location.Latitude!.Value, location.Longitude!.Value), out var distance))
            {
                locationDistances[(location.SourceInstance, location.NativeId)] = distance;
                organizationKeys.Add((location.SourceInstance, location.OrganizationNativeId));
            }
        }

        if (locationDistances.Count == 0)
        {
            return [];
        }

        var sources = locationDistances.Keys.Select(k => k.Source).Distinct().ToList();
        var locationIds = locationDistances.Keys.Select(k => k.NativeId).Distinct().ToList();
        var scheduleDistances = (await db.Schedules.AsNoTracking()
                .Where(s => sources.Contains(s.SourceInstance) && locationIds.Contains(s.LocationNativeId!))
                .Select(s => new { s.SourceInstance, s.NativeId, s.LocationNativeId })
                .ToListAsync(cancellationToken))
            .Where(s => locationDistances.ContainsKey((s.SourceInstance, s.LocationNativeId!)))
            .ToDictionary(s => (s.SourceInstance, s.NativeId), s => locationDistances[(s.SourceInstance, s.LocationNativeId!)]);

        // Slots carry their structure's national id: asking by it uses the search index instead of a scan.
        var organizationIds = organizationKeys.Select(k => k.NativeId).Distinct().ToList();
        var nationalIds = (await db.Organizations.AsNoTracking()
                .Where(o => sources.Contains(o.SourceInstance) && organizationIds.Contains(o.NativeId) && o.NationalId != null)
                .Select(o => new { o.SourceInstance, o.NativeId, o.NationalId })
                .ToListAsync(cancellationToken))
            .Where(o => organizationKeys.Contains((o.SourceInstance, o.NativeId)))
            .Select(o => o.NationalId!).Distinct(StringComparer.Ordinal).ToList();
        var light = await matching
            .Where(s => nationalIds.Contains(s.OrganizationNationalId!) && sources.Contains(s.SourceInstance))
            .Select(s => new { s.Id, s.SourceInstance, s.ScheduleNativeId, s.NativeId, s.StartUtc })
            .ToListAsync(cancellationToken);
        return [.. light
            .Where(s => scheduleDistances.ContainsKey((s.SourceInstance, s.ScheduleNativeId)))
            .Select(s => new NearCandidate(s.Id, s.SourceInstance, s.ScheduleNativeId, s.NativeId, s.StartUtc, scheduleDistances[(s.SourceInstance, s.ScheduleNativeId)]))];
    }
}
