using Sas.Interop.Host.Outbox;
using Sas.Interop.Ingestion.Appointments;

namespace Sas.Interop.Host.Appointments;

/// <summary>Wakes the appointment relay when an appointment is stored.</summary>
internal sealed class AppointmentRelaySignal : OutboxSignal, IAppointmentOutboxSignal;
