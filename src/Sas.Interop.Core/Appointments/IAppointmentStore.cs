namespace Sas.Interop.Core.Appointments;

/// <summary>
/// Appointments received from publishers, the outbox that relays each version to the SAS, and the per-practitioner
/// "recently solicited" times. Storing an appointment, enqueuing its version and marking its slot busy are one
/// transaction: a version is never stored without being relayed, nor relayed without being stored.
/// </summary>
public interface IAppointmentStore
{
    /// <summary>
    /// Creates or updates the appointment keyed by (publisher, identifier), appends an outbox row with the next
    /// sequence number, marks <see cref="AppointmentWrite.Slot"/> busy and records the solicitation.
    /// Two publishers naming the same identifier hold two appointments.
    /// </summary>
    Task<AppointmentSaveResult> SaveAsync(AppointmentWrite write, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>The publisher's appointment with this identifier, or null when it has none.</summary>
    Task<StoredAppointment?> FindAsync(string publisherId, string identifierSystem, string identifierValue, CancellationToken cancellationToken);

    /// <summary>The sources (connector instances or push sources) holding a slot with this native id.</summary>
    Task<IReadOnlyList<string>> SlotSourcesAsync(string nativeId, CancellationToken cancellationToken);

    /// <summary>The practitioner id of a stored slot, or null when the slot is not stored.</summary>
    Task<string?> SlotPractitionerAsync(SlotKey slot, CancellationToken cancellationToken);

    /// <summary>The sources holding data (practitioner or slots) for this practitioner.</summary>
    Task<IReadOnlyList<string>> PractitionerSourcesAsync(string practitionerNationalId, CancellationToken cancellationToken);

    /// <summary>
    /// Due rows, at most one per appointment: the lowest pending sequence of each, and only if its next attempt time
    /// has come. Rows behind it wait, so each appointment's versions reach the SAS in order.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The earliest next attempt time of any pending row, or null when nothing is pending.</summary>
    Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims a due row for one attempt and counts it before it is made: after a crash mid-request the row is known to
    /// have been tried, so the relay resends it as an idempotent conditional update rather than a second create.
    /// The claim is a compare-and-set on the attempt count the caller read, so of several hub nodes relaying from one
    /// database exactly one sends it; the row is not due again before <paramref name="leaseUntil"/> (a node that dies
    /// mid-request leaves it to the others then). False when another relay claimed it first.
    /// </summary>
    Task<bool> TryBeginAttemptAsync(long outboxId, int attemptsSeen, DateTimeOffset at, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>The row reached the SAS; <paramref name="sasId"/> (from a creation's <c>Location</c>) is kept for later versions.</summary>
    Task MarkDeliveredAsync(long outboxId, DateTimeOffset at, string? sasId, CancellationToken cancellationToken);

    Task MarkRetryAsync(long outboxId, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    Task MarkRefusedAsync(long outboxId, string error, CancellationToken cancellationToken);

    Task<RelayStatus> RelayStatusAsync(CancellationToken cancellationToken);

    /// <summary>Deletes delivered and refused rows whose last attempt is older than <paramref name="before"/>; pending rows are never deleted.</summary>
    Task<int> PurgeSettledAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Appointments created per Europe/Paris day of receipt, from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    Task<IReadOnlyDictionary<DateOnly, int>> CreatedPerDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Solicitations of these practitioners (prefixed national ids); those never solicited are absent.</summary>
    Task<IReadOnlyList<PractitionerSolicitation>> SolicitationsAsync(IReadOnlyCollection<string> practitionerNationalIds, CancellationToken cancellationToken);
}
