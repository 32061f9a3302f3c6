using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Appointments;

/// <summary>Wakes the appointment relay when an appointment is stored.</summary>
internal sealed class AppointmentRelaySignal : OutboxSignal;
