namespace Sas.Interop.Fhir.Appointments;

/// <summary>An Appointment that passed the FrAppointmentSAS / SOS rules, reduced to what the hub acts on.</summary>
/// <param name="Profile">The profile it claims.</param>
/// <param name="IdentifierSystem">Publisher identifier system.</param>
/// <param name="IdentifierValue">Publisher identifier value.</param>
/// <param name="Status">booked, fulfilled, noshow, cancelled or pending.</param>
/// <param name="Start">Start.</param>
/// <param name="End">End.</param>
/// <param name="PractitionerNationalId">Prefixed national id of the PS participant, if any.</param>
/// <param name="SlotReference">The <c>Appointment.slot</c> reference (<c>Slot/id</c>), if any.</param>
public sealed record ValidatedAppointment(
    AppointmentProfile Profile,
    string IdentifierSystem,
    string IdentifierValue,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? PractitionerNationalId,
    string? SlotReference);
