namespace Sas.Interop.Core.Outbox;

/// <summary>One message waiting in an outbox: one version of one resource for one receiver.</summary>
/// <param name="Id">Outbox row id.</param>
/// <param name="Stream">What orders the messages: versions of one stream are delivered one after the other, in sequence
/// (an appointment; a regulator account at one publisher).</param>
/// <param name="Sequence">1 for the first version the receiver gets, then one more per version.</param>
/// <param name="Destination">The receiver, when an outbox serves several (a publisher id); null for the single one.</param>
/// <param name="IdentifierSystem">The identifier addressing the resource at the receiver (its idempotency key).</param>
/// <param name="IdentifierValue">Its value.</param>
/// <param name="ResourceJson">The resource to send.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="RemoteId">The receiver's id of the resource once an answer gave it; null before.</param>
public sealed record OutboxEntry(
    long Id,
    string Stream,
    int Sequence,
    string? Destination,
    string IdentifierSystem,
    string IdentifierValue,
    string ResourceJson,
    int Attempts,
    string? RemoteId = null)
{
    /// <summary>The first attempt at the first version: the only one that may be a plain create (<c>POST</c>); any other
    /// send may follow a lost answer, so it is an idempotent update.</summary>
    public bool IsFirstCreate => Sequence == 1 && Attempts == 0;
}
