namespace Sas.Interop.Core.Appointments;

/// <summary>One version of an appointment waiting to be relayed to the SAS.</summary>
/// <param name="Id">Outbox row id.</param>
/// <param name="AppointmentId">The hub's appointment id.</param>
/// <param name="Sequence">1 for the creation, then one more per update of that appointment.</param>
/// <param name="IdentifierSystem">The publisher's identifier system (the receiver's idempotency key).</param>
/// <param name="IdentifierValue">The publisher's identifier value.</param>
/// <param name="ResourceJson">The Appointment to send.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="SasId">The SAS's id of the appointment once a creation was answered with it; null before.</param>
public sealed record OutboxMessage(
    long Id,
    string AppointmentId,
    int Sequence,
    string IdentifierSystem,
    string IdentifierValue,
    string ResourceJson,
    int Attempts,
    string? SasId = null);
