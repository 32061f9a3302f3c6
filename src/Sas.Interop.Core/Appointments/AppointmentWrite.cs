namespace Sas.Interop.Core.Appointments;

/// <summary>
/// A validated appointment a publisher sent (INT_R03), ready to store and relay.
/// </summary>
/// <param name="PublisherId">The authenticated publisher (<c>Publishers:&lt;id&gt;</c>).</param>
/// <param name="IdentifierSystem">The publisher's appointment identifier system (its OID or URL).</param>
/// <param name="IdentifierValue">The publisher's technical id of the appointment.</param>
/// <param name="Status">FHIR appointment status code (booked, fulfilled, noshow, cancelled, pending).</param>
/// <param name="Start">Appointment start.</param>
/// <param name="End">Appointment end.</param>
/// <param name="PractitionerNationalId">Prefixed national id of the PS participant; null when unknown (SOS).</param>
/// <param name="Slot">The stored slot it books, if the hub holds it.</param>
/// <param name="ResourceJson">The Appointment as relayed to the SAS (FHIR JSON).</param>
public sealed record AppointmentWrite(
    string PublisherId,
    string IdentifierSystem,
    string IdentifierValue,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? PractitionerNationalId,
    SlotKey? Slot,
    string ResourceJson);
