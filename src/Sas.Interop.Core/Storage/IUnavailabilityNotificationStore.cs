using Sas.Interop.Core.Outbox;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// The long-unavailability webhook events (issue #18 item 1): one row per unavailability, keyed by what identifies it
/// (source, place, reason, start), so that it is announced once whatever the restarts or the number of hub nodes, and
/// delivered as an <see cref="IOutbox"/> (claimed per attempt, persisted backoff, a 4xx refused for good).
/// </summary>
public interface IUnavailabilityNotificationStore : IOutbox
{
    /// <summary>
    /// Records the event for <paramref name="key"/> unless one already is (a unique insert: of two nodes at once, one
    /// wins); true when this call recorded it.
    /// </summary>
    Task<bool> TryEnqueueAsync(string key, string eventId, string eventJson, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sent, failing, refused counts and the last error, for <c>/admin/unavailabilities</c>.</summary>
    Task<OutboxStatus> StatusAsync(CancellationToken cancellationToken);
}
