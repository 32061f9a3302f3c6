using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Outbox;

namespace Sas.Interop.Store.Outbox;

/// <summary>
/// <see cref="IOutbox"/> over one outbox table: the queries that make delivery ordered per stream, claimed once across
/// nodes, retried with persisted backoff and purged, written once for every outbox of the hub.
/// </summary>
internal abstract class EfOutbox<TRow>(IDbContextFactory<HubDbContext> contextFactory) : IOutbox
    where TRow : class, IOutboxRow
{
    protected const int Pending = (int)OutboxState.Pending;
    protected const int Delivered = (int)OutboxState.Delivered;
    protected const int Refused = (int)OutboxState.Refused;

    protected IDbContextFactory<HubDbContext> ContextFactory { get; } = contextFactory;

    public async Task<IReadOnlyList<OutboxEntry>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var outbox = db.Set<TRow>();
        var nowUtc = now.UtcDateTime;
        return await outbox.AsNoTracking()
            .Where(o => o.State == Pending && o.NextAttemptAtUtc <= nowUtc
                && !outbox.Any(earlier => earlier.Stream == o.Stream && earlier.State == Pending && earlier.Sequence < o.Sequence))
            .OrderBy(o => o.NextAttemptAtUtc).ThenBy(o => o.Id)
            .Take(max)
            .Select(Entry(db))
            .ToListAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var next = await db.Set<TRow>().Where(o => o.State == Pending).MinAsync(o => (DateTime?)o.NextAttemptAtUtc, cancellationToken);
        return next is { } at ? RowMapper.Offset(at) : null;
    }

    public async Task<bool> TryBeginAttemptAsync(long outboxId, int attemptsSeen, DateTimeOffset at, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var when = at.UtcDateTime;
        var lease = leaseUntil.UtcDateTime;

        // One conditional UPDATE: the database decides which relay got the row, whatever the provider or node count.
        var claimed = await db.Set<TRow>()
            .Where(o => o.Id == outboxId && o.State == Pending && o.Attempts == attemptsSeen && o.NextAttemptAtUtc <= when)
            .ExecuteUpdateAsync(
                s => s.SetProperty(o => o.Attempts, o => o.Attempts + 1).SetProperty(o => o.LastAttemptAtUtc, when).SetProperty(o => o.NextAttemptAtUtc, lease),
                cancellationToken);
        return claimed == 1;
    }

    public virtual async Task MarkDeliveredAsync(long outboxId, DateTimeOffset at, string? remoteId, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var when = at.UtcDateTime;
        await db.Set<TRow>().Where(o => o.Id == outboxId).ExecuteUpdateAsync(
            s => s.SetProperty(o => o.State, Delivered).SetProperty(o => o.DeliveredAtUtc, when),
            cancellationToken);
    }

    public async Task MarkRetryAsync(long outboxId, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var next = nextAttemptAt.UtcDateTime;
        await db.Set<TRow>().Where(o => o.Id == outboxId).ExecuteUpdateAsync(
            s => s.SetProperty(o => o.NextAttemptAtUtc, next).SetProperty(o => o.LastError, error),
            cancellationToken);
    }

    public async Task MarkRefusedAsync(long outboxId, string error, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        await db.Set<TRow>().Where(o => o.Id == outboxId).ExecuteUpdateAsync(
            s => s.SetProperty(o => o.State, Refused).SetProperty(o => o.LastError, error),
            cancellationToken);
    }

    public async Task<int> PurgeSettledAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var beforeUtc = before.UtcDateTime;
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<TRow>().Where(o => o.State != Pending && o.LastAttemptAtUtc < beforeUtc).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>How a row becomes an <see cref="OutboxEntry"/> (in SQL: it may read other tables of <paramref name="db"/>).</summary>
    protected abstract Expression<Func<TRow, OutboxEntry>> Entry(HubDbContext db);

    /// <summary>The state of these rows (the whole outbox, or one receiver's part of it).</summary>
    protected static async Task<OutboxStatus> StatusAsync(IQueryable<TRow> rows, CancellationToken cancellationToken)
    {
        var counts = await rows.GroupBy(o => new { o.State, Failed = o.LastError != null }).Select(g => new { g.Key.State, g.Key.Failed, Count = g.Count() }).ToListAsync(cancellationToken);
        var oldest = await rows.Where(o => o.State == Pending).MinAsync(o => (DateTime?)o.EnqueuedAtUtc, cancellationToken);
        var lastError = await rows.Where(o => o.LastError != null).OrderByDescending(o => o.LastAttemptAtUtc).Select(o => new { o.LastError, o.LastAttemptAtUtc }).FirstOrDefaultAsync(cancellationToken);
        var lastDelivered = await rows.Where(o => o.State == Delivered).MaxAsync(o => o.DeliveredAtUtc, cancellationToken);
        int Count(int state, bool? failed = null) => counts.Where(c => c.State == state && (failed is null || c.Failed == failed)).Sum(c => c.Count);
        return new OutboxStatus(
            Count(Pending),
            Count(Pending, failed: true),
            Count(Refused),
            Count(Delivered),
            RowMapper.Offset(oldest),
            lastError?.LastError,
            RowMapper.Offset(lastError?.LastAttemptAtUtc),
            RowMapper.Offset(lastDelivered));
    }
}
