using Sas.Interop.Store.Outbox;

namespace Sas.Interop.Store.Unavailabilities;

/// <summary>
/// One long-unavailability webhook event. Its stream is the unavailability's key (source, place, reason, start) with
/// always sequence 1: the unique (stream, sequence) index is what makes it announced once. Kept after delivery: the row
/// is the memory that the event was sent.
/// </summary>
internal sealed class UnavailabilityNotificationRow : IOutboxRow
{
    public long Id { get; set; }

    public required string Stream { get; set; }

    public int Sequence { get; set; }

    /// <summary>Always <c>urn:sas-interop:event-id</c>.</summary>
    public required string IdentifierSystem { get; set; }

    /// <summary>The event id (a GUID), sent in the body so a receiver can deduplicate.</summary>
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
