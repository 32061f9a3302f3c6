using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

internal sealed class EfSlotStore(IDbContextFactory<HubDbContext> contextFactory) : ISlotStore
{
    private const int CptsOnly = (int)SlotTypes.Cpts;
    private const int SosTypes = (int)(SlotTypes.Public | SlotTypes.Snp);

    public async Task<ScopeReplaceResult> ReplaceScopeAsync(string sourceInstance, SyncScope scope, NormalizedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var (practitioners, places, schedules) = await AgendaUpserter.UpsertAsync(db, sourceInstance, batch, cancellationToken);

        var fromUtc = scope.From.UtcDateTime;
        var toUtc = scope.To.UtcDateTime;

        // Out-of-order data: an incoming slot older (meta.lastUpdated) than the row held for the same native id is
        // refused and the row kept. Read inside the write transaction, so nothing can slip in between.
        var incomingIds = batch.Slots.Select(s => s.NativeId).ToList();
        var heldVersions = await db.Slots.Where(s => s.SourceInstance == sourceInstance && incomingIds.Contains(s.NativeId) && s.SourceLastUpdatedUtc != null)
            .Select(s => new { s.NativeId, s.SourceLastUpdatedUtc })
            .ToDictionaryAsync(s => s.NativeId, s => s.SourceLastUpdatedUtc!.Value, StringComparer.Ordinal, cancellationToken);
        var outOfOrder = batch.Slots
            .Where(s => s.SourceLastUpdated is { } incoming && heldVersions.TryGetValue(s.NativeId, out var held) && incoming.UtcDateTime < held)
            .Select(s => s.NativeId)
            .ToHashSet(StringComparer.Ordinal);

        // A slot the publisher listed but normalisation rejected is unknown, not gone: its previous row stays.
        var kept = batch.Issues.Where(i => i.Rejected && i.ResourceType == "Slot" && i.NativeId is not null).Select(i => i.NativeId!)
            .Concat(outOfOrder).Distinct(StringComparer.Ordinal).ToList();
        var accepted = outOfOrder.Count == 0 ? batch.Slots : batch.Slots.Where(s => !outOfOrder.Contains(s.NativeId)).ToList();
        var acceptedIds = accepted.Select(s => s.NativeId).ToList();

        var inScope = InScope(db, sourceInstance, scope).Where(s => !kept.Contains(s.NativeId));
        var previousIds = await inScope.Select(s => s.NativeId).ToListAsync(cancellationToken);
        var removed = previousIds.Except(acceptedIds, StringComparer.Ordinal).Count();

        await inScope.ExecuteDeleteAsync(cancellationToken);

        // Slots of these keys that ended before the window are over: drop them, so the store does not grow with time.
        var keys = scope.Keys.ToList();
        var ended = db.Slots.Where(s => s.SourceInstance == sourceInstance && s.EndUtc < fromUtc);
        await (scope.Kind == SyncScopeKind.Organization
            ? ended.Where(s => keys.Contains(s.OrganizationNationalId!))
            : ended.Where(s => keys.Contains(s.PractitionerNationalId!))).ExecuteDeleteAsync(cancellationToken);

        // A slot the publisher moved from outside the scope (or another practitioner) keeps its native id:
        // drop the old row so the unique key holds and the slot is not served twice.
        await db.Slots.Where(s => s.SourceInstance == sourceInstance && acceptedIds.Contains(s.NativeId)).ExecuteDeleteAsync(cancellationToken);

        await SlotBulkInserter.InsertAsync(db, [.. accepted.Select(RowMapper.ToRow)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new ScopeReplaceResult(removed, accepted.Count, schedules, places, practitioners, outOfOrder.Count);
    }

    public async Task<int> CountScopeAsync(string sourceInstance, SyncScope scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await InScope(db, sourceInstance, scope).CountAsync(cancellationToken);
    }

    private static IQueryable<SlotRow> InScope(HubDbContext db, string sourceInstance, SyncScope scope)
    {
        var keys = scope.Keys.ToList();
        var fromUtc = scope.From.UtcDateTime;
        var toUtc = scope.To.UtcDateTime;
        var inWindow = db.Slots.Where(s => s.SourceInstance == sourceInstance && s.StartUtc >= fromUtc && s.StartUtc <= toUtc);
        return scope.Kind == SyncScopeKind.Organization
            ? inWindow.Where(s => keys.Contains(s.OrganizationNationalId!))
            : inWindow.Where(s => keys.Contains(s.PractitionerNationalId!));
    }

    public async Task<SlotSearchResult> SearchAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.PractitionerNationalIds.Count == 0)
        {
            return SlotSearchResult.Empty;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = criteria.PractitionerNationalIds.ToList();
        var fromUtc = criteria.From.UtcDateTime;
        var toUtc = criteria.To.UtcDateTime;
        var status = (int)criteria.Status;

        var matching = db.Slots.AsNoTracking().Where(s => ids.Contains(s.PractitionerNationalId!)
            && s.Status == status
            && s.StartUtc >= fromUtc
            && s.StartUtc <= toUtc);
        if (criteria.FetchedSince is { } since)
        {
            var sinceUtc = since.UtcDateTime;
            matching = matching.Where(s => s.FetchedAtUtc >= sinceUtc);
        }

        if (criteria.Flow == SlotSearchFlow.PsIndividual)
        {
            // A slot open to CPTS structures only is not a PS-individuel answer (its type has no code in that profile).
            matching = matching.Where(s => s.Types != CptsOnly);
        }

        // Ties broken by the source key, not the row id: a re-sync re-inserts rows, and a capped answer must not change with it.
        var slotRows = await matching.OrderBy(s => s.StartUtc).ThenBy(s => s.SourceInstance).ThenBy(s => s.NativeId).Take(criteria.MaxSlots).ToListAsync(cancellationToken);
        var total = slotRows.Count < criteria.MaxSlots ? slotRows.Count : await matching.CountAsync(cancellationToken);
        if (slotRows.Count == 0)
        {
            return new SlotSearchResult(total, [], [], [], []);
        }

        var scheduleRows = await LoadBySourceKeysAsync(db.Schedules.AsNoTracking(), slotRows.Select(s => (s.SourceInstance, s.ScheduleNativeId)), cancellationToken);
        var placeRows = await LoadBySourceKeysAsync(db.Places.AsNoTracking(), KeysOf(scheduleRows, s => s.PlaceNativeId), cancellationToken);
        var practitionerRows = await LoadBySourceKeysAsync(db.Practitioners.AsNoTracking(), KeysOf(scheduleRows, s => s.PractitionerNativeId), cancellationToken);
        var slots = slotRows.Select(RowMapper.ToCanonical).ToList();
        var result = new SlotSearchResult(
            total,
            slots,
            scheduleRows.Select(RowMapper.ToCanonical).ToList(),
            placeRows.Select(RowMapper.ToCanonical).ToList(),
            practitionerRows.Select(RowMapper.ToCanonical).ToList());
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

    public async Task<SosSearchResult> SearchSosAsync(SosSearchCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.OrganizationNationalIds.Count == 0)
        {
            return SosSearchResult.Empty;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = criteria.OrganizationNationalIds.ToList();
        var fromUtc = criteria.From.UtcDateTime;
        var toUtc = criteria.To.UtcDateTime;
        var status = (int)criteria.Status;

        var fetchedSince = criteria.FetchedSince?.UtcDateTime ?? DateTime.MinValue;

        // SOS slots are public or SAS-dedicated; a slot typed only PRO or CPTS is not an SOS answer.
        var slotRows = await db.Slots.AsNoTracking()
            .Where(s => s.FetchedAtUtc >= fetchedSince)
            .Where(s => ids.Contains(s.OrganizationNationalId!) && s.Status == status && s.StartUtc >= fromUtc && s.StartUtc <= toUtc
                && (s.Types == 0 || (s.Types & SosTypes) != 0))
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

    public async Task<IReadOnlyDictionary<string, int>> CountSlotsBySourceAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Slots.GroupBy(s => s.SourceInstance)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
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
