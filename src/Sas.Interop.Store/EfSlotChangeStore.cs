using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>Incremental batches: upsert by (source, native id), never delete.</summary>
internal sealed class EfSlotChangeStore(IDbContextFactory<HubDbContext> contextFactory) : ISlotChangeStore
{
    public async Task<ScopeReplaceResult> UpsertChangesAsync(string sourceInstance, NormalizedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var practitioners = await UpsertAsync(db.Practitioners, sourceInstance, batch.Practitioners, p => p.NativeId,
            p => new PractitionerRow { SourceInstance = sourceInstance, NativeId = p.NativeId, NationalId = p.NationalId }, RowMapper.Apply, cancellationToken);
        var places = await UpsertAsync(db.Places, sourceInstance, batch.Places, p => p.NativeId,
            p => new PlaceRow { SourceInstance = sourceInstance, NativeId = p.NativeId, PractitionerNativeId = p.PractitionerNativeId }, RowMapper.Apply, cancellationToken);
        var schedules = await UpsertAsync(db.Schedules, sourceInstance, batch.Schedules, s => s.NativeId,
            s => new ScheduleRow { SourceInstance = sourceInstance, NativeId = s.NativeId }, RowMapper.Apply, cancellationToken);
        await UpsertAsync(db.Organizations, sourceInstance, batch.Organizations, o => o.NativeId,
            o => new OrganizationRow { SourceInstance = sourceInstance, NativeId = o.NativeId }, RowMapper.Apply, cancellationToken);
        await UpsertAsync(db.HealthcareServices, sourceInstance, batch.HealthcareServices, h => h.NativeId,
            h => new HealthcareServiceRow { SourceInstance = sourceInstance, NativeId = h.NativeId, OrganizationNativeId = h.OrganizationNativeId }, RowMapper.Apply, cancellationToken);
        await UpsertAsync(db.Locations, sourceInstance, batch.Locations, l => l.NativeId,
            l => new LocationRow { SourceInstance = sourceInstance, NativeId = l.NativeId, OrganizationNativeId = l.OrganizationNativeId }, RowMapper.Apply, cancellationToken);

        // A changed slot replaces its previous row whole (same as a snapshot does for a slot that moved).
        var incomingIds = batch.Slots.Select(s => s.NativeId).Distinct(StringComparer.Ordinal).ToList();
        await db.Slots.Where(s => s.SourceInstance == sourceInstance && incomingIds.Contains(s.NativeId)).ExecuteDeleteAsync(cancellationToken);
        db.Slots.AddRange(batch.Slots.DistinctBy(s => s.NativeId, StringComparer.Ordinal).Select(RowMapper.ToRow));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new ScopeReplaceResult(0, incomingIds.Count, schedules, places, practitioners);
    }

    private static async Task<int> UpsertAsync<TRecord, TRow>(
        DbSet<TRow> set,
        string sourceInstance,
        IReadOnlyList<TRecord> records,
        Func<TRecord, string> nativeId,
        Func<TRecord, TRow> create,
        Action<TRow, TRecord> apply,
        CancellationToken cancellationToken)
        where TRow : class, ISourceRow
    {
        if (records.Count == 0)
        {
            return 0;
        }

        var ids = records.Select(nativeId).Distinct(StringComparer.Ordinal).ToList();
        var existing = await set.Where(r => r.SourceInstance == sourceInstance && ids.Contains(r.NativeId))
            .ToDictionaryAsync(r => r.NativeId, StringComparer.Ordinal, cancellationToken);
        foreach (var record in records)
        {
            if (!existing.TryGetValue(nativeId(record), out var row))
            {
                row = create(record);
                set.Add(row);
                existing[nativeId(record)] = row;
            }

            apply(row, record);
        }

        return records.Count;
    }
}
