using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

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

        var (practitioners, places, schedules) = await AgendaUpserter.UpsertAsync(db, sourceInstance, batch, cancellationToken);

        // A changed slot replaces its previous row whole (same as a snapshot does for a slot that moved).
        var incomingIds = batch.Slots.Select(s => s.NativeId).Distinct(StringComparer.Ordinal).ToList();
        await db.Slots.Where(s => s.SourceInstance == sourceInstance && incomingIds.Contains(s.NativeId)).ExecuteDeleteAsync(cancellationToken);
        await SlotBulkInserter.InsertAsync(db, [.. batch.Slots.DistinctBy(s => s.NativeId, StringComparer.Ordinal)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new ScopeReplaceResult(0, incomingIds.Count, schedules, places, practitioners);
    }
}
