using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// The one writer of agenda rows (practitioners, places, schedules, organisations, services, locations, slots), inside
/// the caller's transaction, under one <see cref="AgendaWritePolicy"/>: the row factories are here once, and what
/// differs between the pull sync, the push and a booking is the policy, not another copy of the writer.
/// Rendering is one of its steps: given the host's renderer, it renders a row (<c>ServedJson</c>) when the row is
/// added, changed in content or holds a rendering of another format, never for a fetch-time-only refresh; slots
/// written in bulk are rendered by <see cref="SlotBulkInserter"/> with the same renderer and rule.
/// </summary>
internal sealed class AgendaWriter
{
    // Not content: a replay refreshes them without making a new version.
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        nameof(ISourceRow.Version), nameof(ISourceRow.VersionedAtUtc), nameof(SlotRow.FetchedAtUtc), nameof(SlotRow.SourceLastUpdatedUtc),
        nameof(SlotRow.ServedJson),
    };

    private readonly HubDbContext _db;
    private readonly string _source;
    private readonly AgendaWritePolicy _policy;
    private readonly IServedResourceRenderer? _renderer;

    // VersionedPush only: the If-Match versions asked, the outcome of each resource, the write time.
    private readonly IReadOnlyDictionary<PushKey, long>? _expected;
    private readonly Dictionary<PushKey, PushWriteOutcome>? _outcomes;
    private readonly DateTime _now;

    private AgendaWriter(
        HubDbContext db, string source, AgendaWritePolicy policy, IServedResourceRenderer? renderer, IReadOnlyDictionary<PushKey, long>? expected, Dictionary<PushKey, PushWriteOutcome>? outcomes, DateTime now)
    {
        _db = db;
        _source = source;
        _policy = policy;
        _renderer = renderer;
        _expected = expected;
        _outcomes = outcomes;
        _now = now;
    }

    /// <summary>
    /// A pull sync's writer (<see cref="AgendaWritePolicy.Snapshot"/> or <see cref="AgendaWritePolicy.Incremental"/>);
    /// <paramref name="renderer"/> null: nothing rendered (every search then builds its answer).
    /// </summary>
    public static AgendaWriter ForSync(HubDbContext db, string source, AgendaWritePolicy policy, IServedResourceRenderer? renderer) =>
        policy is AgendaWritePolicy.Snapshot or AgendaWritePolicy.Incremental
            ? new AgendaWriter(db, source, policy, renderer, null, null, default)
            : throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a sync policy.");

    /// <summary>The push's writer (<see cref="AgendaWritePolicy.VersionedPush"/>), recording an outcome per resource in <paramref name="outcomes"/>.</summary>
    public static AgendaWriter ForPush(
        HubDbContext db, string source, IServedResourceRenderer? renderer, IReadOnlyDictionary<PushKey, long> expected, Dictionary<PushKey, PushWriteOutcome> outcomes, DateTime now) =>
        new(db, source, AgendaWritePolicy.VersionedPush, renderer, expected, outcomes, now);

    /// <summary>
    /// Upserts everything of <paramref name="batch"/> but its slots by (source, native id). A sync saves them at once;
    /// the push saves with its slots and deletions.
    /// </summary>
    public async Task<(int Practitioners, int Places, int Schedules)> WriteAgendaAsync(NormalizedBatch batch, CancellationToken cancellationToken)
    {
        var source = _source;
        var practitioners = await UpsertAsync(_db.Practitioners, "Practitioner", batch.Practitioners,
            p => new PractitionerRow { SourceInstance = source, NativeId = p.NativeId, NationalId = p.NationalId }, RowMapper.Apply, cancellationToken);
        var places = await UpsertAsync(_db.Places, "PractitionerRole", batch.Places,
            p => new PlaceRow { SourceInstance = source, NativeId = p.NativeId, PractitionerNativeId = p.PractitionerNativeId }, RowMapper.Apply, cancellationToken);
        var schedules = await UpsertAsync(_db.Schedules, "Schedule", batch.Schedules,
            s => new ScheduleRow { SourceInstance = source, NativeId = s.NativeId }, RowMapper.Apply, cancellationToken);
        await UpsertAsync(_db.Organizations, "Organization", batch.Organizations,
            o => new OrganizationRow { SourceInstance = source, NativeId = o.NativeId }, RowMapper.Apply, cancellationToken);
        await UpsertAsync(_db.HealthcareServices, "HealthcareService", batch.HealthcareServices,
            h => new HealthcareServiceRow { SourceInstance = source, NativeId = h.NativeId, OrganizationNativeId = h.OrganizationNativeId }, RowMapper.Apply, cancellationToken);
        await UpsertAsync(_db.Locations, "Location", batch.Locations,
            l => new LocationRow { SourceInstance = source, NativeId = l.NativeId, OrganizationNativeId = l.OrganizationNativeId }, RowMapper.Apply, cancellationToken);
        if (_policy != AgendaWritePolicy.VersionedPush)
        {
            await SaveAsync(cancellationToken);
        }

        return (practitioners, places, schedules);
    }

    /// <summary>
    /// Writes <paramref name="slots"/>: a sync through the bulk path and its out-of-order guard (the native ids refused
    /// are returned), the push versioned through EF (outcomes recorded; none returned).
    /// </summary>
    public async Task<HashSet<string>> WriteSlotsAsync(IReadOnlyList<CanonicalSlot> slots, CancellationToken cancellationToken)
    {
        if (_policy != AgendaWritePolicy.VersionedPush)
        {
            return await SlotBulkInserter.UpsertAsync(_db, _renderer, slots, cancellationToken);
        }

        await UpsertAsync(_db.Slots, "Slot", slots, RowMapper.ToRow, CopySlot, cancellationToken);
        return [];
    }

    /// <summary>
    /// Renders the rows this writer added or changed (<see cref="RenderChangedRows"/>), then saves them, after the push
    /// has settled their versions (a rendering carries the version).
    /// </summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        RenderChangedRows();
        await _db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// R7: the newest facts about the batch's places and schedules decide which of their slots are withheld
    /// (<paramref name="practitionerNationalIds"/>: a practitioner scope's keys, else null).
    /// </summary>
    public async Task WithholdAsync(NormalizedBatch batch, IReadOnlyCollection<string>? practitionerNationalIds, CancellationToken cancellationToken) =>
        await UnavailabilityWithholding.ApplyAsync(_db, _source, await UnavailabilityWithholding.TouchedSchedulesAsync(_db, _source, batch, cancellationToken), practitionerNationalIds, cancellationToken);

    /// <summary>
    /// <see cref="AgendaWritePolicy.Booking"/>: the slot booked through the hub turns busy at once. Its served rendering
    /// (which says free) goes with it: the next write renders the row again. The booking time is the fact's time: a
    /// sync that fetched the slot free before it cannot free it (<see cref="SlotBulkInserter"/>'s guard).
    /// </summary>
    public static Task<int> BookSlotAsync(HubDbContext db, SlotKey slot, DateTime nowUtc, CancellationToken cancellationToken) =>
        db.Slots.Where(s => s.SourceInstance == slot.SourceInstance && s.NativeId == slot.NativeId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Status, (int)SlotStatus.Busy).SetProperty(x => x.ServedJson, (byte[]?)null).SetProperty(x => x.BookedAtUtc, nowUtc),
                cancellationToken);

    private Task<int> UpsertAsync<TRecord, TRow>(
        DbSet<TRow> set,
        string resourceType,
        IReadOnlyList<TRecord> records,
        Func<TRecord, TRow> create,
        Action<TRow, TRecord> apply,
        CancellationToken cancellationToken)
        where TRecord : SourceRecord
        where TRow : class, ISourceRow =>
        _policy == AgendaWritePolicy.VersionedPush
            ? UpsertVersionedAsync(set, resourceType, records, create, apply, cancellationToken)
            : UpsertUnversionedAsync(set, records, create, apply, cancellationToken);

    /// <summary>Sync: each record applied to its row (created when new); a native id twice: the last one wins.</summary>
    private async Task<int> UpsertUnversionedAsync<TRecord, TRow>(
        DbSet<TRow> set,
        IReadOnlyList<TRecord> records,
        Func<TRecord, TRow> create,
        Action<TRow, TRecord> apply,
        CancellationToken cancellationToken)
        where TRecord : SourceRecord
        where TRow : class, ISourceRow
    {
        if (records.Count == 0)
        {
            return 0;
        }

        var existing = await LoadExistingAsync(set, records, cancellationToken);
        foreach (var record in records)
        {
            if (!existing.TryGetValue(record.NativeId, out var row))
            {
                row = create(record);
                set.Add(row);
                existing[record.NativeId] = row;
            }

            apply(row, record);
        }

        return records.Count;
    }

    /// <summary>The source's rows for these records' native ids, by native id (one query).</summary>
    private Task<Dictionary<string, TRow>> LoadExistingAsync<TRecord, TRow>(DbSet<TRow> set, IReadOnlyList<TRecord> records, CancellationToken cancellationToken)
        where TRecord : SourceRecord
        where TRow : class, ISourceRow
    {
        var source = _source;
        var ids = records.Select(r => r.NativeId).Distinct(StringComparer.Ordinal).ToList();
        return set.Where(r => r.SourceInstance == source && ids.Contains(r.NativeId))
            .ToDictionaryAsync(r => r.NativeId, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Push: versioned upserts recording an outcome per resource; a native id twice: the first one counts.</summary>
    private async Task<int> UpsertVersionedAsync<TRecord, TRow>(
        DbSet<TRow> set,
        string resourceType,
        IReadOnlyList<TRecord> records,
        Func<TRecord, TRow> create,
        Action<TRow, TRecord> apply,
        CancellationToken cancellationToken)
        where TRecord : SourceRecord
        where TRow : class, ISourceRow
    {
        if (records.Count == 0)
        {
            return 0;
        }

        var (expected, outcomes, now) = (_expected!, _outcomes!, _now);
        var existing = await LoadExistingAsync(set, records, cancellationToken);
        foreach (var record in records.DistinctBy(r => r.NativeId, StringComparer.Ordinal))
        {
            var key = new PushKey(resourceType, record.NativeId);
            var hasExpected = expected.TryGetValue(key, out var expectedVersion);
            if (!existing.TryGetValue(record.NativeId, out var row))
            {
                if (hasExpected)
                {
                    // If-Match on something that does not exist cannot match (RFC 9110 13.1.1).
                    outcomes[key] = new PushWriteOutcome(PushWriteStatus.VersionConflict, null, null);
                    continue;
                }

                row = create(record);
                apply(row, record);
                row.Version = 1;
                row.VersionedAtUtc = now;
                set.Add(row);
                outcomes[key] = new PushWriteOutcome(PushWriteStatus.Created, 1, RowMapper.Offset(now));
                continue;
            }

            if (hasExpected && row.Version != expectedVersion)
            {
                outcomes[key] = new PushWriteOutcome(PushWriteStatus.VersionConflict, row.Version, RowMapper.Offset(row.VersionedAtUtc));
                continue;
            }

            // The UPDATE EF issues keeps "WHERE Version = <version read>" (concurrency token), so the If-Match
            // comparison above is re-checked by the database at write time.
            apply(row, record);
            var entry = _db.Entry(row);
            entry.DetectChanges();
            if (entry.Properties.Any(p => p.IsModified && !Bookkeeping.Contains(p.Metadata.Name)))
            {
                row.Version = (row.Version ?? 0) + 1;
                row.VersionedAtUtc = now;
                outcomes[key] = new PushWriteOutcome(PushWriteStatus.Updated, row.Version, RowMapper.Offset(now));
            }
            else
            {
                outcomes[key] = new PushWriteOutcome(PushWriteStatus.Unchanged, row.Version, RowMapper.Offset(row.VersionedAtUtc));
            }
        }

        return records.Count;
    }

    /// <summary>
    /// Every tracked practitioner, place, schedule and slot row that is added, changed in content, or holding no
    /// rendering of the current format gets its rendering from its final values. Unchanged rows are looked at too: one
    /// loaded for an upsert may hold a rendering of an older format. The fetch time is not part of a rendering (the
    /// facade splices it in), so a re-sync that only refreshes it renders nothing.
    /// </summary>
    private void RenderChangedRows()
    {
        if (_renderer is not { } renderer)
        {
            return;
        }

        _db.ChangeTracker.DetectChanges();
        foreach (var entry in _db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Unchanged))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case SlotRow slot when NeedsRendering(entry, slot.ServedJson, renderer.Format):
                    slot.ServedJson = renderer.Render(RowMapper.ToCanonical(slot));
                    break;
                case ScheduleRow schedule when NeedsRendering(entry, schedule.ServedJson, renderer.Format):
                    schedule.ServedJson = renderer.Render(RowMapper.ToCanonical(schedule));
                    break;
                case PractitionerRow practitioner when NeedsRendering(entry, practitioner.ServedJson, renderer.Format):
                    practitioner.ServedJson = renderer.Render(RowMapper.ToCanonical(practitioner));
                    break;
                case PlaceRow place when NeedsRendering(entry, place.ServedJson, renderer.Format):
                    place.ServedJson = renderer.Render(RowMapper.ToCanonical(place));
                    break;
            }
        }
    }

    private static bool NeedsRendering(EntityEntry entry, byte[]? served, byte format) =>
        entry.State == EntityState.Added
        || !ServedRenderings.IsCurrent(served, format)
        || (entry.State == EntityState.Modified
            && entry.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(SlotRow.ServedJson) && !ServedFetchStampTriggers.FetchOnlyColumns.Contains(p.Metadata.Name)));

    // A pushed slot row is rebuilt whole from the record; keeping key and version makes only real changes show as modified.
    private void CopySlot(SlotRow row, CanonicalSlot slot)
    {
        var fresh = RowMapper.ToRow(slot);
        fresh.Id = row.Id;
        fresh.Version = row.Version;
        fresh.VersionedAtUtc = row.VersionedAtUtc;
        fresh.ServedJson = row.ServedJson;
        fresh.Unavailable = row.Unavailable;
        _db.Entry(row).CurrentValues.SetValues(fresh);
    }
}
