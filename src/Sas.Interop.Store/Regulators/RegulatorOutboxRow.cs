using Sas.Interop.Store.Outbox;

namespace Sas.Interop.Store.Regulators;

/// <summary>
/// One version of a regulator account for one publisher. Its stream is (publisher, account): each publisher gets every
/// version of an account in order, and a publisher that is down delays only its own rows.
/// </summary>
internal sealed class RegulatorOutboxRow : IOutboxRow
{
    public long Id { get; set; }

    /// <summary><c>{publisher}/{account hub id}</c>.</summary>
    public required string Stream { get; set; }

    /// <summary>The publisher (connector instance id).</summary>
    public required string Destination { get; set; }

    public required string AccountHubId { get; set; }

    public int Sequence { get; set; }

    /// <summary>The identifier the publisher knows the account by before this version (the conditional update's address).</summary>
    public required string IdentifierSystem { get; set; }

    public required string IdentifierValue { get; set; }

    public required string ResourceJson { get; set; }

    public int State { get; set; }

    public int Attempts { get; set; }

    public DateTime EnqueuedAtUtc { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }

    public DateTime? DeliveredAtUtc { get; set; }

    public string? LastError { get; set; }
}
