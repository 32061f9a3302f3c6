using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// The pull sync's snapshot write: a scope (practitioners or organisations, a window) replaced by what the publisher
/// lists now (<see cref="AgendaWritePolicy.Snapshot"/>).
/// </summary>
internal sealed class SlotScopeWriter(IDbContextFactory<HubDbContext> contextFactory, IServedResourceRenderer? renderer)
{
    public async Task<ScopeReplaceResult> ReplaceScopeAsync(string sourceInstance, SyncScope scope, NormalizedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var write = AgendaWriter.ForSync(db, sourceInstance, AgendaWritePolicy.Snapshot, renderer);
        var (practitioners, places, schedules) = await write.WriteAgendaAsync(batch, cancellationToken);

        var fromUtc = scope.From.UtcDateTime;

        // A slot the publisher listed but normalisation rejected is unknown, not gone: its previous row stays.
        var kept = batch.Issues.Where(i => i.Rejected && i.ResourceType == "Slot" && i.NativeId is not null).Select(i => i.NativeId!)
            .Distinct(StringComparer.Ordinal).ToList();
        var previousIds = await InScope(db, sourceInstance, scope).Where(s => !kept.Contains(s.NativeId)).Select(s => s.NativeId).ToListAsync(cancellationToken);

        // Slots of these keys that ended before the window are over: drop them, so the store does not grow with time.
        var keys = scope.Keys.ToList();
        var ended = db.Slots.Where(s => s.SourceInstance == sourceInstance && s.EndUtc < fromUtc);
        await (scope.Kind == SyncScopeKind.Organization
            ? ended.Where(s => keys.Contains(s.OrganizationNationalId!))
            : ended.Where(s => keys.Contains(s.PractitionerNationalId!))).ExecuteDeleteAsync(cancellationToken);

        // Upsert by (source, native id): a slot the publisher moved from outside the scope (or from another
        // practitioner) keeps its row, so the unique key holds and the slot is never served twice. Out-of-order data
        // (an incoming slot older, by meta.lastUpdated, than the row held) is refused by the statement itself,
        // inside the write transaction, so nothing can slip in between; its row is kept.
        var outOfOrder = await write.WriteSlotsAsync(batch.Slots, cancellationToken);
        var accepted = batch.Slots.Count - outOfOrder.Count;

        // What the scope held and the publisher no longer lists is gone.
        var incomingIds = batch.Slots.Select(s => s.NativeId).ToHashSet(StringComparer.Ordinal);
        var gone = previousIds.Where(id => !incomingIds.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        var removed = gone.Count;
        foreach (var chunk in gone.Chunk(SlotBulkInserter.MaxIdsPerStatement))
        {
            await db.Slots.Where(s => s.SourceInstance == sourceInstance && chunk.Contains(s.NativeId)).ExecuteDeleteAsync(cancellationToken);
        }

        // R7: the newest facts about these agendas' places and schedules decide which of their slots are withheld.
        await write.WithholdAsync(batch, scope.Kind == SyncScopeKind.Organization ? null : keys, cancellationToken);

        await transaction.CommitAsync(cancellationToken);

        return new ScopeReplaceResult(removed, accepted, schedules, places, practitioners, outOfOrder.Count);
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
}
