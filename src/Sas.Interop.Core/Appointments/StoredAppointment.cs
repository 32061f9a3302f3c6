namespace Sas.Interop.Core.Appointments;

/// <summary>An appointment the hub holds, as far as a new version of it needs to know.</summary>
/// <param name="Id">The hub's id.</param>
/// <param name="PractitionerNationalId">The PS it is booked with, if any.</param>
public sealed record StoredAppointment(string Id, string? PractitionerNationalId);
