using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// Reads by id. truth.md: every answer starts from slots, so a resource is served exactly while a slot a search serves
/// now (the searches' own filters, <see cref="EfSlotSearch.Matching"/> and <see cref="EfSlotSearch.SosMatching"/>: free,
/// not withheld, of a source still configured — withdrawn sources' slots are deleted at start-up) is it or points to it
/// the way the answer's includes do. A removed practitioner, a withheld source, a deleted push are then 404 with no
/// rule of their own. Any start is read: a search window may lie in the past, and ended slots go at the next sync.
/// </summary>
internal sealed class EfServedResourceStore(IDbContextFactory<HubDbContext> contextFactory) : IServedResourceStore
{

    public async Task<ServedResource?> FindServedAsync(string resourceType, string id, DateTimeOffset? fetchedSince, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var read = new Read(db, fetchedSince, cancellationToken);
        return resourceType switch
        {
            "Slot" => await FindAsync(db.Slots, id, cancellationToken) is { } slot ? await read.SlotAsync(slot) : null,
            "Schedule" => await FindAsync(db.Schedules, id, cancellationToken) is { } schedule ? await read.ScheduleAsync(schedule) : null,
            "Practitioner" => await FindAsync(db.Practitioners, id, cancellationToken) is { } practitioner
                && await read.PracticeSlotOfScheduleAsync(practitioner.SourceInstance, s => s.PractitionerNativeId == practitioner.NativeId)
                ? new ServedResource(RowMapper.ToCanonical(practitioner), ServedFlow.PsIndividual) : null,
            "PractitionerRole" => await FindAsync(db.Places, id, cancellationToken) is { } place
                && await read.PracticeSlotOfScheduleAsync(place.SourceInstance, s => s.PlaceNativeId == place.NativeId)
                ? new ServedResource(RowMapper.ToCanonical(place), ServedFlow.PsIndividual) : null,
            "HealthcareService" => await FindAsync(db.HealthcareServices, id, cancellationToken) is { } service
                && await read.CptsSlotOfServiceAsync(service.SourceInstance, service.NativeId)
                ? new ServedResource(RowMapper.ToCanonical(service), ServedFlow.Cpts) : null,
            "Location" => await FindAsync(db.Locations, id, cancellationToken) is { } location
                && await read.StructureOfScheduleAsync(location.SourceInstance, s => s.LocationNativeId == location.NativeId) is { } structure
                ? new ServedResource(RowMapper.ToCanonical(location), StructureFlow.Of(structure)) : null,
            "Organization" => await FindAsync(db.Organizations, id, cancellationToken) is { } organization ? await read.OrganizationAsync(organization) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(resourceType), resourceType, "Not a resource the hub serves by id."),
        };
    }

    public async Task<IReadOnlyList<ServedResource>> SearchServedAsync(ServedResourceSearch search, DateTimeOffset? fetchedSince, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        List<string> candidates;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            candidates = await CandidateIdsAsync(db, search, cancellationToken);
        }

        // Each candidate is read as GET [base]/Type/id reads it: one rule decides what is served.
        var served = new List<ServedResource>();
        foreach (var id in candidates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (await FindServedAsync(search.ResourceType, id, fetchedSince, cancellationToken) is { } resource)
            {
                served.Add(resource);
            }
        }

        return served;
    }

    /// <summary>The hub ids of the stored rows <paramref name="search"/> names, served or not.</summary>
    private static async Task<List<string>> CandidateIdsAsync(HubDbContext db, ServedResourceSearch search, CancellationToken cancellationToken)
    {
        var values = search.Values.ToList();
        var keys = (search.ResourceType, search.Key) switch
        {
            ("Practitioner", ServedResourceSearchKey.NationalId) => await Keys(db.Practitioners.Where(p => values.Contains(p.NationalId)), cancellationToken),
            ("Organization", ServedResourceSearchKey.NationalId) => await Keys(db.Organizations.Where(o => o.NationalId != null && values.Contains(o.NationalId)), cancellationToken),
            ("Schedule", ServedResourceSearchKey.ActorPractitionerNationalId) => await SchedulesOfAsync(
                db, await Keys(db.Practitioners.Where(p => values.Contains(p.NationalId)), cancellationToken), (source, id) => s => s.SourceInstance == source && s.PractitionerNativeId == id, cancellationToken),
            ("Schedule", ServedResourceSearchKey.Reference) => await ScheduleKeysByActorAsync(db, values, cancellationToken),
            ("Location", ServedResourceSearchKey.Reference) => await LocationKeysByOrganizationAsync(db, values, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(search), search, "Not a search the hub serves."),
        };
        return keys.Select(k => ResourceIds.For(k.Source, k.NativeId)).ToList();
    }

    private static async Task<List<(string Source, string NativeId)>> ScheduleKeysByActorAsync(HubDbContext db, List<string> references, CancellationToken cancellationToken)
    {
        var schedules = new List<(string Source, string NativeId)>();
        foreach (var reference in references)
        {
            var (type, id) = SplitReference(reference);
            if (type is null or "Practitioner" && await FindAsync(db.Practitioners, id, cancellationToken) is { } practitioner)
            {
                schedules.AddRange(await SchedulesOfAsync(db, [(practitioner.SourceInstance, practitioner.NativeId)], (source, nativeId) => s => s.SourceInstance == source && s.PractitionerNativeId == nativeId, cancellationToken));
            }

            if (type is null or "PractitionerRole" && await FindAsync(db.Places, id, cancellationToken) is { } place)
            {
                schedules.AddRange(await SchedulesOfAsync(db, [(place.SourceInstance, place.NativeId)], (source, nativeId) => s => s.SourceInstance == source && s.PlaceNativeId == nativeId, cancellationToken));
            }

            if (type is null or "Location" && await FindAsync(db.Locations, id, cancellationToken) is { } location)
            {
                schedules.AddRange(await SchedulesOfAsync(db, [(location.SourceInstance, location.NativeId)], (source, nativeId) => s => s.SourceInstance == source && s.LocationNativeId == nativeId, cancellationToken));
            }
        }

        return schedules;
    }

    private static async Task<List<(string Source, string NativeId)>> LocationKeysByOrganizationAsync(HubDbContext db, List<string> references, CancellationToken cancellationToken)
    {
        var locations = new List<(string Source, string NativeId)>();
        foreach (var reference in references)
        {
            var (type, id) = SplitReference(reference);
            if (type is null or "Organization" && await FindAsync(db.Organizations, id, cancellationToken) is { } organization)
            {
                var source = organization.SourceInstance;
                var nativeId = organization.NativeId;
                locations.AddRange(await Keys(db.Locations.Where(l => l.SourceInstance == source && l.OrganizationNativeId == nativeId), cancellationToken));
            }
        }

        return locations;
    }

    private static async Task<List<(string Source, string NativeId)>> SchedulesOfAsync(
        HubDbContext db,
        List<(string Source, string NativeId)> actors,
        Func<string, string, System.Linq.Expressions.Expression<Func<ScheduleRow, bool>>> ofActor,
        CancellationToken cancellationToken)
    {
        var schedules = new List<(string Source, string NativeId)>();
        foreach (var (source, nativeId) in actors)
        {
            schedules.AddRange(await Keys(db.Schedules.Where(ofActor(source, nativeId)), cancellationToken));
        }

        return schedules;
    }

    private static async Task<List<(string Source, string NativeId)>> Keys<TRow>(IQueryable<TRow> rows, CancellationToken cancellationToken)
        where TRow : class, ISourceRow
    {
        var keys = await rows.AsNoTracking().Select(r => new { r.SourceInstance, r.NativeId }).ToListAsync(cancellationToken);
        return keys.Select(k => (k.SourceInstance, k.NativeId)).ToList();
    }

    // "Type/id" or a bare id; the parser checked the type and the id.
    private static (string? Type, string Id) SplitReference(string reference) =>
        reference.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (reference[..slash], reference[(slash + 1)..]) : (null, reference);

    /// <summary>
    /// The row whose hub id is <paramref name="id"/>: "source.nativeId" when that is a FHIR id (instance ids hold no
    /// '.'), else "source.h" and a hash (<see cref="ResourceIds.For"/>), found by hashing the source's ids (rare).
    /// </summary>
    private static async Task<TRow?> FindAsync<TRow>(IQueryable<TRow> rows, string id, CancellationToken cancellationToken)
        where TRow : class, ISourceRow
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == id.Length - 1)
        {
            return null;
        }

        var source = id[..dot];
        var nativeId = id[(dot + 1)..];
        rows = rows.AsNoTracking();
        if (await rows.FirstOrDefaultAsync(r => r.SourceInstance == source && r.NativeId == nativeId, cancellationToken) is { } row)
        {
            return row;
        }

        if (nativeId.Length != 33 || nativeId[0] != 'h')
        {
            return null;
        }

        // The prefix may be a truncated instance id.
        var candidates = rows.Where(r => r.SourceInstance.StartsWith(source)).Select(r => new { r.SourceInstance, r.NativeId });
        (string Source, string NativeId)? found = null;
        await foreach (var candidate in candidates.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (ResourceIds.For(candidate.SourceInstance, candidate.NativeId) == id)
            {
                found = (candidate.SourceInstance, candidate.NativeId);
                break;
            }
        }

        // Read once the scan's reader is closed: PostgreSQL runs one command at a time per connection.
        return found is var (foundSource, foundId)
            ? await rows.FirstOrDefaultAsync(r => r.SourceInstance == foundSource && r.NativeId == foundId, cancellationToken)
            : null;
    }

    /// <summary>Is a served slot it, or does one point to it; one read, one context.</summary>
    private sealed class Read(HubDbContext db, DateTimeOffset? fetchedSince, CancellationToken cancellationToken)
    {
        /// <summary>
        /// A practitioner slot in the CPTS profile when a CPTS answer is the one carrying its CPTS (it names a CPTS
        /// HealthcareService, or only CPTS answers carry it), else in the PS-individuel one. A slot without status free
        /// (booked) is not read either: no search serves it (truth.md: "busy at once, so no longer served"), and a
        /// 404 cannot send a patient to it.
        /// </summary>
        public async Task<ServedResource?> SlotAsync(SlotRow row)
        {
            var slot = RowMapper.ToCanonical(row);
            if (row.PractitionerNationalId is { } nationalId)
            {
                if (!await PracticeSlots(nationalId).AnyAsync(s => s.Id == row.Id, cancellationToken))
                {
                    return null;
                }

                var cpts = row.Types == ServedSlots.CptsOnly || slot.CptsServiceNativeIds.Count > 0;
                return new ServedResource(slot, cpts ? ServedFlow.Cpts : ServedFlow.PsIndividual);
            }

            return row.OrganizationNationalId is not null && await SosSlots().AnyAsync(s => s.Id == row.Id, cancellationToken)
                ? new ServedResource(slot, StructureFlow.Of(row.OrganizationNationalId))
                : null;
        }

        /// <summary>PS/CPTS answers include a practitioner slot's schedule; SOS answers match an association slot's.</summary>
        public async Task<ServedResource?> ScheduleAsync(ScheduleRow row)
        {
            var source = row.SourceInstance;
            if (await PracticeSlots().AnyAsync(s => s.SourceInstance == source && s.ScheduleNativeId == row.NativeId, cancellationToken))
            {
                return new ServedResource(RowMapper.ToCanonical(row), ServedFlow.PsIndividual);
            }

            return row.LocationNativeId is not null
                && await SosSlots().Where(s => s.SourceInstance == source && s.ScheduleNativeId == row.NativeId).Select(s => s.OrganizationNationalId).FirstOrDefaultAsync(cancellationToken) is { } structure
                ? new ServedResource(RowMapper.ToCanonical(row), StructureFlow.Of(structure))
                : null;
        }

        /// <summary>A CPTS (through one of its HealthcareServices) or an SOS association (through one of its places).</summary>
        public async Task<ServedResource?> OrganizationAsync(OrganizationRow row)
        {
            var source = row.SourceInstance;
            var services = await db.HealthcareServices.AsNoTracking()
                .Where(h => h.SourceInstance == source && h.OrganizationNativeId == row.NativeId).Select(h => h.NativeId).ToListAsync(cancellationToken);
            foreach (var service in services)
            {
                if (await CptsSlotOfServiceAsync(source, service))
                {
                    return new ServedResource(RowMapper.ToCanonical(row), ServedFlow.Cpts);
                }
            }

            var locations = await db.Locations.AsNoTracking()
                .Where(l => l.SourceInstance == source && l.OrganizationNativeId == row.NativeId).Select(l => l.NativeId).ToListAsync(cancellationToken);
            return locations.Count > 0 && await SosSlotOfScheduleAsync(source, s => s.LocationNativeId != null && locations.Contains(s.LocationNativeId))
                ? new ServedResource(RowMapper.ToCanonical(row), StructureFlow.Of(row.NationalId))
                : null;
        }

        /// <summary>A served practitioner slot of a schedule of <paramref name="source"/> that <paramref name="schedule"/> picks.</summary>
        public async Task<bool> PracticeSlotOfScheduleAsync(string source, System.Linq.Expressions.Expression<Func<ScheduleRow, bool>> schedule)
        {
            var schedules = await SchedulesOf(source, schedule);
            return schedules.Count > 0 && await PracticeSlots().AnyAsync(s => s.SourceInstance == source && schedules.Contains(s.ScheduleNativeId), cancellationToken);
        }

        public async Task<bool> SosSlotOfScheduleAsync(string source, System.Linq.Expressions.Expression<Func<ScheduleRow, bool>> schedule)
        {
            var schedules = await SchedulesOf(source, schedule);
            return schedules.Count > 0 && await SosSlots().AnyAsync(s => s.SourceInstance == source && schedules.Contains(s.ScheduleNativeId), cancellationToken);
        }

        /// <summary>The structure (prefixed national id) of a served structure slot of a schedule <paramref name="schedule"/> picks; null if none.</summary>
        public async Task<string?> StructureOfScheduleAsync(string source, System.Linq.Expressions.Expression<Func<ScheduleRow, bool>> schedule)
        {
            var schedules = await SchedulesOf(source, schedule);
            return schedules.Count == 0 ? null : await SosSlots().Where(s => s.SourceInstance == source && schedules.Contains(s.ScheduleNativeId))
                .Select(s => s.OrganizationNationalId).FirstOrDefaultAsync(cancellationToken);
        }

        /// <summary>
        /// A served slot visible to this CPTS service (the CPTS answer includes it). The services are a JSON list: the
        /// engine narrows on the id's JSON text, the list itself decides.
        /// </summary>
        public async Task<bool> CptsSlotOfServiceAsync(string source, string serviceNativeId)
        {
            var quoted = RowMapper.ToJson(serviceNativeId);
            var lists = PracticeSlots().Where(s => s.SourceInstance == source && s.CptsServicesJson.Contains(quoted)).Select(s => s.CptsServicesJson);
            await foreach (var list in lists.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                if (RowMapper.FromJson<List<string>>(list, []).Contains(serviceNativeId, StringComparer.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private Task<List<string>> SchedulesOf(string source, System.Linq.Expressions.Expression<Func<ScheduleRow, bool>> schedule) =>
            db.Schedules.AsNoTracking().Where(s => s.SourceInstance == source).Where(schedule).Select(s => s.NativeId).ToListAsync(cancellationToken);

        // What some PS-individuel or CPTS search serves (the CPTS flow is the wider: it also has CPTS-only slots), at any start.
        private IQueryable<SlotRow> PracticeSlots(string? nationalId = null) =>
            EfSlotSearch.Matching(db, new SlotSearchCriteria(nationalId is null ? [] : [nationalId], DateTimeOffset.MinValue, DateTimeOffset.MaxValue, SlotStatus.Free, 1, SlotSearchFlow.Cpts) { FetchedSince = fetchedSince })
                .Where(s => s.PractitionerNationalId != null);

        // What some SOS search serves, at any start.
        private IQueryable<SlotRow> SosSlots() =>
            EfSlotSearch.SosMatching(db, new SosSearchCriteria([], DateTimeOffset.MinValue, DateTimeOffset.MaxValue, SlotStatus.Free, 1) { FetchedSince = fetchedSince });
    }
}
