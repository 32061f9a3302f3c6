namespace Sas.Interop.Core.Outbox;

/// <summary>An outbox's (or one of its receivers') state for /admin and the metrics.</summary>
/// <param name="Pending">Rows not delivered yet.</param>
/// <param name="Failing">Pending rows whose last attempt failed (retried with backoff).</param>
/// <param name="Refused">Rows the receiver refused for good.</param>
/// <param name="Delivered">Rows delivered (and not purged yet).</param>
/// <param name="OldestPendingSince">Enqueue time of the oldest pending row.</param>
/// <param name="LastError">The most recent delivery error, if any.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="LastDeliveredAt">When the last row was delivered.</param>
public sealed record OutboxStatus(
    int Pending,
    int Failing,
    int Refused,
    int Delivered,
    DateTimeOffset? OldestPendingSince,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastDeliveredAt)
{
    public static OutboxStatus Empty { get; } = new(0, 0, 0, 0, null, null, null, null);
}
