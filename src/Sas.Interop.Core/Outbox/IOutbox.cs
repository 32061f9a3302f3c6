namespace Sas.Interop.Core.Outbox;

/// <summary>
/// The delivery side of a durable outbox: rows are written in the same transaction as what they announce, then
/// delivered at least once, in order per stream, with the backoff kept in the row (a restart resumes it) and a
/// compare-and-set claim so that of several hub nodes on one database exactly one sends each attempt.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Due rows, at most one per stream: the lowest pending sequence of each, and only if its next attempt time has come.
    /// Rows behind it wait, so each stream's versions reach the receiver in order.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The earliest next attempt time of any pending row, or null when nothing is pending.</summary>
    Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims a due row for one attempt and counts it before it is made: after a crash mid-request the row is known to
    /// have been tried, so it is resent as an idempotent update rather than a second create. The claim is a
    /// compare-and-set on the attempt count the caller read, so of several relays exactly one sends it; the row is not
    /// due again before <paramref name="leaseUntil"/> (a node that dies mid-request leaves it to the others then).
    /// False when another relay claimed it first.
    /// </summary>
    Task<bool> TryBeginAttemptAsync(long outboxId, int attemptsSeen, DateTimeOffset at, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>The row reached its receiver; <paramref name="remoteId"/> (from a creation's <c>Location</c>) is kept for later versions.</summary>
    Task MarkDeliveredAsync(long outboxId, DateTimeOffset at, string? remoteId, CancellationToken cancellationToken);

    Task MarkRetryAsync(long outboxId, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    Task MarkRefusedAsync(long outboxId, string error, CancellationToken cancellationToken);

    /// <summary>Deletes delivered and refused rows whose last attempt is older than <paramref name="before"/>; pending rows are never deleted.</summary>
    Task<int> PurgeSettledAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
