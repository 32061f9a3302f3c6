using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// Upserts everything of a batch but its slots (practitioners, places, schedules, organisations, services,
/// locations) by (source, native id), inside the caller's transaction. Shared by snapshot and incremental writes.
/// </summary>
internal static class AgendaUpserter
{
    public static async Task<(int Practitioners, int Places, int Schedules)> UpsertAsync(HubDbContext db, string sourceInstance, NormalizedBatch batch, CancellationToken cancellationToken)
    {
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
        await db.SaveChangesAsync(cancellationToken);
        return (practitioners, places, schedules);
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
