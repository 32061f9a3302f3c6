namespace Sas.Interop.Store.Outbox;

/// <summary>
/// The columns every outbox table has, so that <see cref="EfOutbox{TRow}"/> delivers any of them. Rows live in the
/// database: what is not delivered when the hub stops is delivered after it starts again, with the backoff (next attempt
/// time) kept in the row.
/// </summary>
internal interface IOutboxRow
{
    long Id { get; set; }

    /// <summary>What orders the rows: a stream's versions are delivered one after the other.</summary>
    string Stream { get; set; }

    int Sequence { get; set; }

    string IdentifierSystem { get; set; }

    string IdentifierValue { get; set; }

    string ResourceJson { get; set; }

    /// <summary><see cref="Core.Outbox.OutboxState"/>.</summary>
    int State { get; set; }

    int Attempts { get; set; }

    DateTime EnqueuedAtUtc { get; set; }

    DateTime NextAttemptAtUtc { get; set; }

    DateTime? LastAttemptAtUtc { get; set; }

    DateTime? DeliveredAtUtc { get; set; }

    string? LastError { get; set; }
}
