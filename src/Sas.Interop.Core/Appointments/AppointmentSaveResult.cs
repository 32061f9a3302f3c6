namespace Sas.Interop.Core.Appointments;

/// <summary>What storing an appointment did.</summary>
/// <param name="Id">The hub's id of the appointment (stable across updates).</param>
/// <param name="Created">True when the appointment was unknown (201), false for an update (200).</param>
/// <param name="Sequence">The outbox sequence number given to this version.</param>
public sealed record AppointmentSaveResult(string Id, bool Created, int Sequence);
