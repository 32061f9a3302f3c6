using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// The slot searches (PS-individuel and CPTS, served renderings, hub-near, <c>$availability</c>, SOS) over
/// <see cref="ServedSlots"/>; the scope write is <see cref="SlotScopeWriter"/>, both behind <see cref="EfSlotStore"/>.
/// </summary>
internal sealed class EfSlotSearch(IDbContextFactory<HubDbContext> contextFactory, ServedAgendaCache servedCache, IServedResourceRenderer? renderer)
{
    private const int SosTypes = (int)(SlotTypes.Public | SlotTypes.Snp);

    public async Task<SlotSearchResult> SearchAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.PractitionerNationalIds.Count == 0 && criteria.Near is null)
        {
            return SlotSearchResult.Empty;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db, criteria);

        List<SlotRow> slotRows;
        int total;
        List<double>? distances = null;
        if (criteria.Near is { } near)
        {
            (slotRows, total, distances) = await SearchNearAsync(db, matching, near, criteria.MaxSlots, cancellationToken, criteria.ModeFilters, criteria.OpenFirstAt,
                StructureNearSearch.Applies(criteria) ? StructureNearSearch.Matching(db, criteria) : null);
        }
        else if (criteria.OpenFirstAt is { } openAt)
        {
            (slotRows, total) = await SearchOpenFirstAsync(db, matching, openAt, criteria.MaxSlots, cancellationToken);
        }
        else
        {
            // Ties broken by the source key, not the row id: a re-sync re-inserts rows, and a capped answer must not change with it.
            slotRows = await matching.OrderBy(s => s.StartUtc).ThenBy(s => s.SourceInstance).ThenBy(s => s.NativeId).Take(criteria.MaxSlots).ToListAsync(cancellationToken);
            total = slotRows.Count < criteria.MaxSlots ? slotRows.Count : await matching.CountAsync(cancellationToken);
        }

        if (slotRows.Count == 0)
        {
            return new SlotSearchResult(total, [], [], [], []) { DistancesMeters = distances };
        }

        var scheduleRows = await LoadBySourceKeysAsync(db.Schedules.AsNoTracking(), slotRows.Select(s => (s.SourceInstance, s.ScheduleNativeId)), cancellationToken);
        var placeRows = await LoadBySourceKeysAsync(db.Places.AsNoTracking(), KeysOf(scheduleRows, s => s.PlaceNativeId), cancellationToken);
        var practitionerRows = await LoadBySourceKeysAsync(db.Practitioners.AsNoTracking(), KeysOf(scheduleRows, s => s.PractitionerNativeId), cancellationToken);

        // hub-near's structure slots: their Locations and structures, as the structure Schedule search loads them.
        var structureSchedules = scheduleRows.Any(s => s.LocationNativeId is not null);
        var locationRows = structureSchedules ? await LoadBySourceKeysAsync(db.Locations.AsNoTracking(), KeysOf(scheduleRows, s => s.LocationNativeId), cancellationToken) : [];
        var structureRows = structureSchedules ? await LoadBySourceKeysAsync(db.Organizations.AsNoTracking(), locationRows.Select(l => (l.SourceInstance, l.OrganizationNativeId)), cancellationToken) : [];
        var slots = slotRows.Select(RowMapper.ToCanonical).ToList();
        var result = new SlotSearchResult(
            total,
            slots,
            scheduleRows.Select(RowMapper.ToCanonical).ToList(),
            placeRows.Select(RowMapper.ToCanonical).ToList(),
            practitionerRows.Select(RowMapper.ToCanonical).ToList())
        {
            DistancesMeters = distances,
            Locations = locationRows.Select(RowMapper.ToCanonical).ToList(),
            StructureOrganizations = structureRows.Select(RowMapper.ToCanonical).ToList(),
        };
        if (criteria.Flow != SlotSearchFlow.Cpts)
        {
            return result;
        }

        var serviceRows = await LoadBySourceKeysAsync(db.HealthcareServices.AsNoTracking(), slots.SelectMany(s => s.CptsServiceNativeIds.Select(id => (s.SourceInstance, id))), cancellationToken);
        var organizationRows = await LoadBySourceKeysAsync(db.Organizations.AsNoTracking(), serviceRows.Select(h => (h.SourceInstance, h.OrganizationNativeId)), cancellationToken);
        return result with
        {
            HealthcareServices = serviceRows.Select(RowMapper.ToCanonical).ToList(),
            Organizations = organizationRows.Select(RowMapper.ToCanonical).ToList(),
        };
    }

    public async Task<ServedSlotSearchResult?> SearchServedAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Near is not null || criteria.Flow != SlotSearchFlow.PsIndividual)
        {
            return null;
        }

        // _sort=hub-open-now reads the places' hours: answered from resources, as hub-near.
        if (criteria.OpenFirstAt is not null)
        {
            return null;
        }

        if (criteria.PractitionerNationalIds.Count == 0)
        {
            return ServedSlotSearchResult.Empty;
        }

        if (renderer is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // One connection (and one open) for its three or four reads.
        await db.Database.OpenConnectionAsync(cancellationToken);
        // The cache holds no specialties: a specialty search reads the database (same Matching as SearchAsync).
        if (servedCache.Enabled && criteria.SpecialtyFilters.Count == 0 && criteria.Overbooked is null && criteria.LanguageFilters.Count == 0 && await ServedAgendaSearch.SearchAsync(db, criteria, renderer.Format, servedCache, cancellationToken) is { } cached)
        {
            return cached;
        }

        // Same filter and order as SearchAsync, but only keys and renderings are read: no row mapping. The engine
        // sorts row ids only (sorting whole rows copied every rendering into its sorter: 40 % of the query), then the
        // page is read by id and put back in order here.
        var matching = Matching(db, criteria);
        var page = matching.OrderBy(s => s.StartUtc).ThenBy(s => s.SourceInstance).ThenBy(s => s.NativeId).Take(criteria.MaxSlots).Select(s => s.Id);
        var slots = (await db.Slots.AsNoTracking().Where(s => page.Contains(s.Id))
                .Select(s => new { s.StartUtc, Row = new ServedReads.ServedRow(s.SourceInstance, s.NativeId, s.FetchedAtUtc, s.ServedJson, s.ScheduleNativeId, null) })
                .ToListAsync(cancellationToken))
            .OrderBy(s => s.StartUtc).ThenBy(s => s.Row.SourceInstance, StringComparer.Ordinal).ThenBy(s => s.Row.NativeId, StringComparer.Ordinal)
            .Select(s => s.Row).ToList();
        if (!ServedReads.AllCurrent(slots, renderer.Format))
        {
            return null;
        }

        var total = slots.Count < criteria.MaxSlots ? slots.Count : await matching.CountAsync(cancellationToken);
        if (slots.Count == 0)
        {
            return ServedSlotSearchResult.Empty with { Total = total };
        }

        var (schedules, practitioners, places) = await ServedReads.LoadIncludesAsync(db, slots.Select(s => (s.SourceInstance, s.Link!)), cancellationToken);
        if (!ServedReads.AllCurrent(schedules, renderer.Format) || !ServedReads.AllCurrent(practitioners, renderer.Format) || !ServedReads.AllCurrent(places, renderer.Format))
        {
            return null;
        }

        return new ServedSlotSearchResult(
            total,
            [.. slots.Select(s => new ServedSlot(s.ToRecord(), s.Link!))],
            [.. schedules.Select(s => new ServedSchedule(s.ToRecord(), s.Link, s.SecondLink))],
            [.. practitioners.Select(p => p.ToRecord())],
            [.. places.Select(p => p.ToRecord())]);
    }

    /// <summary>
    /// The PS-individuel / CPTS filter shared by both searches (everything but hub-near's circle) and the reads by id
    /// (<see cref="EfServedResourceStore"/>).
    /// </summary>
    internal static IQueryable<SlotRow> Matching(HubDbContext db, SlotSearchCriteria criteria)
    {
        var ids = criteria.PractitionerNationalIds.ToList();
        var fromUtc = criteria.From.UtcDateTime;
        var toUtc = criteria.To.UtcDateTime;

        // Served (status, not withheld, fresh; no CPTS-only slot in a PS-individuel answer), in the window.
        var matching = db.Slots.AsNoTracking().Served(new ServedSlotAsk(criteria.Status, criteria.FetchedSince, criteria.Flow == SlotSearchFlow.PsIndividual))
            .Where(s => s.StartUtc >= fromUtc && s.StartUtc <= toUtc);
        if (ids.Count > 0)
        {
            matching = matching.Where(s => ids.Contains(s.PractitionerNationalId!));
        }

        // Hub extensions service-type, _security and hub-overbooked (the served cache holds no overbooked flag: such a
        // search reads the database).
        matching = SlotLevelFilters.Apply(matching, criteria.ModeFilters, criteria.TypeFilters, criteria.Overbooked);

        // specialty: each entry is an any-of list of codes, entries are ANDed; a code matches the slot's own
        // specialties or its PractitionerRole's (the place its schedule points to). Substring tests on the JSON
        // columns (case-sensitive on both engines: instr / strpos) over rows the other criteria already narrowed.
        foreach (var fragments in criteria.SpecialtyFilters.Select(entry => entry.Select(RowMapper.SpecialtyFragment).ToList()))
        {
            matching = matching.Where(s => fragments.Any(f => s.SpecialtiesJson.Contains(f))
                || db.Schedules.Any(sc => sc.SourceInstance == s.SourceInstance && sc.NativeId == s.ScheduleNativeId
                    && db.Places.Any(p => p.SourceInstance == sc.SourceInstance && p.NativeId == sc.PlaceNativeId
                        && fragments.Any(f => p.SpecialtiesJson.Contains(f)))));
        }

        // schedule.actor:Practitioner.communication (not in the served cache either): the slot's practitioner as the
        // slot's own source describes it; substring tests on LanguagesJson, case-sensitive, tags stored in canonical case.
        foreach (var fragments in criteria.LanguageFilters.Select(entry => entry.SelectMany(RowMapper.LanguageFragments).ToList()))
        {
            matching = matching.Where(s => db.Practitioners.Any(p => p.SourceInstance == s.SourceInstance && p.NationalId == s.PractitionerNationalId
                && fragments.Any(f => p.LanguagesJson.Contains(f))));
        }

        return matching;
    }

    /// <summary>
    /// hub-near: places in the circle (a bounding box in SQL, then the exact distance here), their schedules, and
    /// the matching slots of those schedules ordered by distance, then start, then source key.
    /// </summary>
    private static async Task<(List<SlotRow> Rows, int Total, List<double> Distances)> SearchNearAsync(
        HubDbContext db, IQueryable<SlotRow> matching, GeoCircle near, int maxSlots, CancellationToken cancellationToken, IReadOnlyList<ConsultationModes>? modeFilters = null, DateTimeOffset? openFirstAt = null,
        IQueryable<SlotRow>? structureMatching = null)
    {
        var box = near.Center.BoundingBox(near.RadiusMeters);

        // Home visits (HomeVisitReach): a place farther than the searched distance still answers when its declared
        // perimeter reaches the patient. Such places are found in the widest box a perimeter may have, then by their
        // own perimeter (latitude and longitude differences in metres, lower bounds of the distance), in SQL.
        var perimeterBox = near.Center.BoundingBox(HomeVisitReach.MaxRadiusMeters);
        var (latitude, longitude) = (near.Center.Latitude, near.Center.Longitude);
        var metresPerDegree = GeoPoint.EarthRadiusMeters * Math.PI / 180;
        var metresPerDegreeLongitude = metresPerDegree * Math.Cos(double.DegreesToRadians(Math.Min(89.9, Math.Abs(latitude) + 1)));
        var candidates = await db.Places.AsNoTracking()
            .Where(p => p.Latitude != null && p.Longitude != null
                && ((p.Latitude >= box.MinLatitude && p.Latitude <= box.MaxLatitude
                        && p.Longitude >= box.MinLongitude && p.Longitude <= box.MaxLongitude)
                    || (p.HomeVisitRadiusMeters != null
                        && p.Latitude >= perimeterBox.MinLatitude && p.Latitude <= perimeterBox.MaxLatitude
                        && p.Longitude >= perimeterBox.MinLongitude && p.Longitude <= perimeterBox.MaxLongitude
                        && (p.Latitude - latitude) * metresPerDegree <= p.HomeVisitRadiusMeters
                        && (latitude - p.Latitude) * metresPerDegree <= p.HomeVisitRadiusMeters
                        && (p.Longitude - longitude) * metresPerDegreeLongitude <= p.HomeVisitRadiusMeters
                        && (longitude - p.Longitude) * metresPerDegreeLongitude <= p.HomeVisitRadiusMeters)))
            .Select(p => new { p.SourceInstance, p.NativeId, p.PractitionerNativeId, p.Latitude, p.Longitude, p.HomeVisitRadiusMeters })
            .ToListAsync(cancellationToken);
        var placeDistances = new Dictionary<(string Source, string NativeId), double>();
        var placePerimeters = new Dictionary<(string Source, string NativeId), double?>();
        foreach (var place in candidates)
        {
            var distance = near.Center.DistanceMetersTo(new GeoPoint(place.Latitude!.Value, place.Longitude!.Value));
            if (distance <= Math.Max(near.RadiusMeters, place.HomeVisitRadiusMeters ?? 0))
            {
                placeDistances[(place.SourceInstance, place.NativeId)] = distance;
                placePerimeters[(place.SourceInstance, place.NativeId)] = place.HomeVisitRadiusMeters;
            }
        }

        if (placeDistances.Count == 0 && structureMatching is null)
        {
            return ([], 0, []);
        }

        var sources = placeDistances.Keys.Select(k => k.Source).Distinct().ToList();
        var placeIds = placeDistances.Keys.Select(k => k.NativeId).Distinct().ToList();
        var schedules = await db.Schedules.AsNoTracking()
            .Where(s => sources.Contains(s.SourceInstance) && placeIds.Contains(s.PlaceNativeId!))
            .Select(s => new { s.SourceInstance, s.NativeId, s.PlaceNativeId, s.PractitionerNativeId })
            .ToListAsync(cancellationToken);
        var scheduleDistances = new Dictionary<(string Source, string NativeId), double>();
        var schedulePerimeters = new Dictionary<(string Source, string NativeId), double?>();
        var practitionerKeys = new HashSet<(string Source, string NativeId)>();
        foreach (var schedule in schedules)
        {
            if (placeDistances.TryGetValue((schedule.SourceInstance, schedule.PlaceNativeId!), out var distance))
            {
                scheduleDistances[(schedule.SourceInstance, schedule.NativeId)] = distance;
                schedulePerimeters[(schedule.SourceInstance, schedule.NativeId)] = placePerimeters[(schedule.SourceInstance, schedule.PlaceNativeId!)];
                if (schedule.PractitionerNativeId is { } practitioner)
                {
                    practitionerKeys.Add((schedule.SourceInstance, practitioner));
                }
            }
        }

        // Slots carry the practitioner's national id: asking by it uses the search index instead of a scan.
        var practitionerIds = practitionerKeys.Select(k => k.NativeId).Distinct().ToList();
        var nationalIds = (await db.Practitioners.AsNoTracking()
                .Where(p => sources.Contains(p.SourceInstance) && practitionerIds.Contains(p.NativeId))
                .Select(p => new { p.SourceInstance, p.NativeId, p.NationalId })
                .ToListAsync(cancellationToken))
            .Where(p => practitionerKeys.Contains((p.SourceInstance, p.NativeId)))
            .Select(p => p.NationalId).Distinct(StringComparer.Ordinal).ToList();
        var light = await matching
            .Where(s => nationalIds.Contains(s.PractitionerNationalId!) && sources.Contains(s.SourceInstance))
            .Select(s => new { s.Id, s.SourceInstance, s.ScheduleNativeId, s.NativeId, s.StartUtc, s.Modes })
            .ToListAsync(cancellationToken);
        var ranked = light
            .Select(s => (Slot: s, Distance: scheduleDistances.TryGetValue((s.SourceInstance, s.ScheduleNativeId), out var d) ? d : double.NaN))
            .Where(x => !double.IsNaN(x.Distance))
            .Where(x => HomeVisitReach.Matches((ConsultationModes)x.Slot.Modes, modeFilters ?? [], x.Distance, near.RadiusMeters, schedulePerimeters[(x.Slot.SourceInstance, x.Slot.ScheduleNativeId)]))
            .Select(x => new NearCandidate(x.Slot.Id, x.Slot.SourceInstance, x.Slot.ScheduleNativeId, x.Slot.NativeId, x.Slot.StartUtc, x.Distance))

            // Structure agendas' slots around (StructureNearSearch), ranked with the practitioners' by the same keys.
            .Concat(structureMatching is null ? [] : await StructureNearSearch.CandidatesAsync(db, structureMatching, near, cancellationToken))
            .OrderBy(x => x.DistanceMeters).ThenBy(x => x.StartUtc)
            .ThenBy(x => x.SourceInstance, StringComparer.Ordinal).ThenBy(x => x.NativeId, StringComparer.Ordinal)
            .ToList();
        if (openFirstAt is { } openAt)
        {
            ranked = await OpenFirstAsync(db, ranked, x => (x.SourceInstance, x.ScheduleNativeId), openAt, cancellationToken);
        }

        var page = ranked.Take(maxSlots).ToList();
        var rowIds = page.Select(x => x.Id).ToList();
        var rows = await db.Slots.AsNoTracking().Where(s => rowIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);

        // A sync may have replaced a row between the two reads: it is gone from this answer, not an error.
        page = page.Where(x => rows.ContainsKey(x.Id)).ToList();
        return (page.Select(x => rows[x.Id]).ToList(), ranked.Count, page.Select(x => x.DistanceMeters).ToList());
    }

    public async Task<IReadOnlyList<SlotStart>> ListFreeSlotStartsAsync(AvailabilityCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.PractitionerNationalIds.Count == 0)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = criteria.PractitionerNationalIds.ToList();
        var fromUtc = criteria.From.UtcDateTime;
        var untilUtc = criteria.Until.UtcDateTime;

        // The slots the PS-individuel search serves.
        var free = db.Slots.AsNoTracking().Served(new ServedSlotAsk(SlotStatus.Free, criteria.FetchedSince, PsIndividual: true))
            .Where(s => ids.Contains(s.PractitionerNationalId!) && s.StartUtc >= fromUtc && s.StartUtc < untilUtc);

        // service-type, _security and hub-overbooked as the search reads them.
        free = SlotLevelFilters.Apply(free, criteria.ModeFilters, criteria.TypeFilters, criteria.Overbooked);

        var rows = await free.Select(s => new { s.PractitionerNationalId, s.StartUtc, s.Modes }).ToListAsync(cancellationToken);
        return rows.Select(r => new SlotStart(r.PractitionerNationalId!, RowMapper.Offset(r.StartUtc)) { Modes = (ConsultationModes)r.Modes }).ToList();
    }

    public async Task<SosSearchResult> SearchSosAsync(SosSearchCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.OrganizationNationalIds.Count == 0)
        {
            return SosSearchResult.Empty;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var slotRows = await SosMatching(db, criteria)
            .OrderBy(s => s.StartUtc).ThenBy(s => s.SourceInstance).ThenBy(s => s.NativeId)
            .Take(criteria.MaxSlots)
            .ToListAsync(cancellationToken);
        if (slotRows.Count == 0)
        {
            return SosSearchResult.Empty;
        }

        var scheduleRows = await LoadBySourceKeysAsync(db.Schedules.AsNoTracking(), slotRows.Select(s => (s.SourceInstance, s.ScheduleNativeId)), cancellationToken);
        var locationRows = await LoadBySourceKeysAsync(db.Locations.AsNoTracking(), KeysOf(scheduleRows, s => s.LocationNativeId), cancellationToken);
        var organizationRows = await LoadBySourceKeysAsync(db.Organizations.AsNoTracking(), locationRows.Select(l => (l.SourceInstance, l.OrganizationNativeId)), cancellationToken);
        return new SosSearchResult(
            scheduleRows.Select(RowMapper.ToCanonical).ToList(),
            slotRows.Select(RowMapper.ToCanonical).ToList(),
            locationRows.Select(RowMapper.ToCanonical).ToList(),
            organizationRows.Select(RowMapper.ToCanonical).ToList());
    }

    /// <summary>
    /// The SOS filter (the search's, and a read's: <see cref="EfServedResourceStore"/>); without associations, slots
    /// of any association.
    /// </summary>
    internal static IQueryable<SlotRow> SosMatching(HubDbContext db, SosSearchCriteria criteria)
    {
        var ids = criteria.OrganizationNationalIds.ToList();
        var fromUtc = criteria.From.UtcDateTime;
        var toUtc = criteria.To.UtcDateTime;

        // SOS slots are public or SAS-dedicated; a slot typed only PRO or CPTS is not an SOS answer.
        var matching = db.Slots.AsNoTracking().Served(new ServedSlotAsk(criteria.Status, criteria.FetchedSince, PsIndividual: false))
            .Where(s => s.OrganizationNationalId != null && s.StartUtc >= fromUtc && s.StartUtc <= toUtc
                && (s.Types == 0 || (s.Types & SosTypes) != 0));
        return ids.Count > 0 ? matching.Where(s => ids.Contains(s.OrganizationNationalId!)) : matching;
    }

    public async Task<IReadOnlyDictionary<string, int>> CountSlotsBySourceAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Slots.GroupBy(s => s.SourceInstance)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
    }

    /// <summary>_sort=hub-open-now without hub-near: every matching slot's key in the usual order, open places first, then the page.</summary>
    private static async Task<(List<SlotRow> Rows, int Total)> SearchOpenFirstAsync(
        HubDbContext db, IQueryable<SlotRow> matching, DateTimeOffset openAt, int maxSlots, CancellationToken cancellationToken)
    {
        var light = await matching.OrderBy(s => s.StartUtc).ThenBy(s => s.SourceInstance).ThenBy(s => s.NativeId)
            .Select(s => new { s.Id, s.SourceInstance, s.ScheduleNativeId })
            .ToListAsync(cancellationToken);
        var ordered = await OpenFirstAsync(db, light, s => (s.SourceInstance, s.ScheduleNativeId), openAt, cancellationToken);
        var pageIds = ordered.Take(maxSlots).Select(s => s.Id).ToList();
        var rows = await db.Slots.AsNoTracking().Where(s => pageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);

        // A sync may have replaced a row between the two reads: it is gone from this answer, not an error.
        return ([.. pageIds.Where(rows.ContainsKey).Select(id => rows[id])], light.Count);
    }

    /// <summary>
    /// Stable partition: the items whose schedule's place is open at <paramref name="openAt"/> (its opening hours,
    /// Paris time) first, each part keeping its order. A place without hours is not known to be open.
    /// </summary>
    private static async Task<List<T>> OpenFirstAsync<T>(
        HubDbContext db, List<T> items, Func<T, (string Source, string ScheduleNativeId)> scheduleOf, DateTimeOffset openAt, CancellationToken cancellationToken)
    {
        var schedules = await LoadBySourceKeysAsync(db.Schedules.AsNoTracking(), items.Select(scheduleOf).Distinct(), cancellationToken);
        var places = await LoadBySourceKeysAsync(db.Places.AsNoTracking(), KeysOf(schedules, s => s.PlaceNativeId), cancellationToken);
        var open = places
            .Where(p => OpeningHoursCalendar.IsOpenAt(RowMapper.FromJson<List<CanonicalOpeningHours>>(p.HoursJson, []), openAt))
            .Select(p => (p.SourceInstance, p.NativeId))
            .ToHashSet();
        var openSchedules = schedules
            .Where(s => s.PlaceNativeId is { } place && open.Contains((s.SourceInstance, place)))
            .Select(s => (s.SourceInstance, s.NativeId))
            .ToHashSet();

        // A structure agenda's place is its Location (hub-near answers structure slots too), with the same hours rule.
        var locations = schedules.Any(s => s.LocationNativeId is not null) ? await LoadBySourceKeysAsync(db.Locations.AsNoTracking(), KeysOf(schedules, s => s.LocationNativeId), cancellationToken) : [];
        var openLocations = locations
            .Where(l => OpeningHoursCalendar.IsOpenAt(RowMapper.FromJson<List<CanonicalOpeningHours>>(l.HoursJson, []), openAt))
            .Select(l => (l.SourceInstance, l.NativeId))
            .ToHashSet();
        openSchedules.UnionWith(schedules
            .Where(s => s.LocationNativeId is { } location && openLocations.Contains((s.SourceInstance, location)))
            .Select(s => (s.SourceInstance, s.NativeId)));
        return [.. items.OrderBy(item => openSchedules.Contains(scheduleOf(item)) ? 0 : 1)];
    }

    private static IEnumerable<(string Source, string NativeId)> KeysOf(IEnumerable<ScheduleRow> schedules, Func<ScheduleRow, string?> key) =>
        schedules.Where(s => key(s) is not null).Select(s => (s.SourceInstance, key(s)!));

    private static async Task<List<TRow>> LoadBySourceKeysAsync<TRow>(
        IQueryable<TRow> set,
        IEnumerable<(string Source, string NativeId)> keys,
        CancellationToken cancellationToken)
        where TRow : class, ISourceRow
    {
        var wanted = keys.ToHashSet();
        var sources = wanted.Select(k => k.Source).Distinct().ToList();
        var nativeIds = wanted.Select(k => k.NativeId).Distinct().ToList();
        var rows = await set.Where(r => sources.Contains(r.SourceInstance) && nativeIds.Contains(r.NativeId))
            .ToListAsync(cancellationToken);

        // Native ids are only unique within a source: keep exact (source, id) pairs. Ordered here, not by the engine:
        // without ORDER BY, PostgreSQL may return rows in another order from one query to the next, and every node
        // must give the same answer (SQLite's unique-index order is this one).
        return rows.Where(r => wanted.Contains((r.SourceInstance, r.NativeId)))
            .OrderBy(r => r.SourceInstance, StringComparer.Ordinal).ThenBy(r => r.NativeId, StringComparer.Ordinal).ToList();
    }
}
