using Sas.Interop.Core.Outbox;

namespace Sas.Interop.Core.Appointments;

/// <summary>The appointment relay's state for /admin: its outbox, and the appointments stored.</summary>
public sealed record RelayStatus(OutboxStatus Outbox, int Appointments);
