using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>The push API's reads and its all-or-nothing write (upsert by (source, native id), then deletions).</summary>
internal sealed class EfPushStore(IDbContextFactory<HubDbContext> contextFactory) : IPushStore
{
    public async Task<NormalizedBatch> LoadAgendaAsync(
        string sourceInstance,
        IReadOnlyCollection<string> scheduleIds,
        IReadOnlyCollection<string> placeIds,
        IReadOnlyCollection<string> practitionerIds,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var schedules = scheduleIds.Count == 0 ? [] : await db.Schedules.AsNoTracking()
            .Where(s => s.SourceInstance == sourceInstance && scheduleIds.Contains(s.NativeId)).ToListAsync(cancellationToken);

        var wantedPlaces = placeIds.Concat(schedules.Select(s => s.PlaceNativeId).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        var places = wantedPlaces.Count == 0 ? [] : await db.Places.AsNoTracking()
            .Where(p => p.SourceInstance == sourceInstance && wantedPlaces.Contains(p.NativeId)).ToListAsync(cancellationToken);

        var wantedPractitioners = practitionerIds
            .Concat(schedules.Select(s => s.PractitionerNativeId).OfType<string>())
            .Concat(places.Select(p => p.PractitionerNativeId))
            .Distinct(StringComparer.Ordinal).ToList();
        var practitioners = wantedPractitioners.Count == 0 ? [] : await db.Practitioners.AsNoTracking()
            .Where(p => p.SourceInstance == sourceInstance && wantedPractitioners.Contains(p.NativeId)).ToListAsync(cancellationToken);

        return new NormalizedBatch
        {
            Practitioners = [.. practitioners.Select(RowMapper.ToCanonical)],
            Places = [.. places.Select(RowMapper.ToCanonical)],
            Schedules = [.. schedules.Select(RowMapper.ToCanonical)],
        };
    }

    public async Task<IReadOnlySet<string>> ExistingAsync(string sourceInstance, string resourceType, IReadOnlyCollection<string> nativeIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        if (nativeIds.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = resourceType switch
        {
            "Practitioner" => db.Practitioners.Where(r => r.SourceInstance == sourceInstance && nativeIds.Contains(r.NativeId)).Select(r => r.NativeId),
            "PractitionerRole" => db.Places.Where(r => r.SourceInstance == sourceInstance && nativeIds.Contains(r.NativeId)).Select(r => r.NativeId),
            "Schedule" => db.Schedules.Where(r => r.SourceInstance == sourceInstance && nativeIds.Contains(r.NativeId)).Select(r => r.NativeId),
            "Slot" => db.Slots.Where(r => r.SourceInstance == sourceInstance && nativeIds.Contains(r.NativeId)).Select(r => r.NativeId),
            "Organization" => db.Organizations.Where(r => r.SourceInstance == sourceInstance && nativeIds.Contains(r.NativeId)).Select(r => r.NativeId),
            "HealthcareService" => db.HealthcareServices.Where(r => r.SourceInstance == sourceInstance && nativeIds.Contains(r.NativeId)).Select(r => r.NativeId),
            "Location" => db.Locations.Where(r => r.SourceInstance == sourceInstance && nativeIds.Contains(r.NativeId)).Select(r => r.NativeId),
            _ => throw new ArgumentException($"'{resourceType}' is not a stored resource type.", nameof(resourceType)),
        };
        return (await query.ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<bool> HoldsSlotsAsync(string sourceInstance, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Slots.AnyAsync(s => s.SourceInstance == sourceInstance, cancellationToken);
    }

    public async Task<int> ApplyAsync(string sourceInstance, NormalizedBatch batch, IReadOnlyCollection<string> slotIdsToDelete, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        await AgendaUpserter.UpsertAsync(db, sourceInstance, batch, cancellationToken);

        // As EfSlotChangeStore: a changed slot replaces its previous row whole.
        var incomingIds = batch.Slots.Select(s => s.NativeId).Distinct(StringComparer.Ordinal).ToList();
        if (incomingIds.Count > 0)
        {
            await db.Slots.Where(s => s.SourceInstance == sourceInstance && incomingIds.Contains(s.NativeId)).ExecuteDeleteAsync(cancellationToken);
            await SlotBulkInserter.InsertAsync(db, [.. batch.Slots.DistinctBy(s => s.NativeId, StringComparer.Ordinal).Select(RowMapper.ToRow)], cancellationToken);
        }

        var deleted = slotIdsToDelete.Count == 0 ? 0 : await db.Slots
            .Where(s => s.SourceInstance == sourceInstance && slotIdsToDelete.Contains(s.NativeId))
            .ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
