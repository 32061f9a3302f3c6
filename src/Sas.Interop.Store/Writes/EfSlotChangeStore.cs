using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>Incremental batches (<see cref="AgendaWritePolicy.Incremental"/>): upsert by (source, native id), never delete.</summary>
internal sealed class EfSlotChangeStore(IDbContextFactory<HubDbContext> contextFactory, IServedResourceRenderer? renderer = null) : ISlotChangeStore
{
    public async Task<ScopeReplaceResult> UpsertChangesAsync(string sourceInstance, NormalizedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var write = AgendaWriter.ForSync(db, sourceInstance, AgendaWritePolicy.Incremental, renderer);
        var (practitioners, places, schedules) = await write.WriteAgendaAsync(batch, cancellationToken);

        // A changed slot replaces its previous row whole, through the snapshot path's upsert and so its newest-fact
        // guards: a change older than the row held, or fetched before the hub booked the slot, leaves the row as it is.
        var incoming = batch.Slots.DistinctBy(s => s.NativeId, StringComparer.Ordinal).ToList();
        var outOfOrder = await write.WriteSlotsAsync(incoming, cancellationToken);
        await write.WithholdAsync(batch, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new ScopeReplaceResult(0, incoming.Count - outOfOrder.Count, schedules, places, practitioners, outOfOrder.Count);
    }
}
