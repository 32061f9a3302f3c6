using Sas.Interop.Core.Outbox;

namespace Sas.Interop.Core.Appointments;

/// <summary>
/// Appointments received from publishers, the outbox that relays each version to the SAS (its <see cref="IOutbox"/>: one stream per appointment, the SAS's id as remote id), and the per-practitioner
/// "recently solicited" times. Storing an appointment, enqueuing its version and marking its slot busy are one
/// transaction: a version is never stored without being relayed, nor relayed without being stored.
/// </summary>
public interface IAppointmentStore : IOutbox
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

    Task<RelayStatus> RelayStatusAsync(CancellationToken cancellationToken);

    /// <summary>Appointments created per Europe/Paris day of receipt, from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    Task<IReadOnlyDictionary<DateOnly, int>> CreatedPerDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Solicitations of these practitioners (prefixed national ids); those never solicited are absent.</summary>
    Task<IReadOnlyList<PractitionerSolicitation>> SolicitationsAsync(IReadOnlyCollection<string> practitionerNationalIds, CancellationToken cancellationToken);
}
