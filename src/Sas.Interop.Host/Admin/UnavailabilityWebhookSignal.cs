using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Admin;

/// <summary>Wakes the unavailability webhook relay when an event is recorded.</summary>
internal sealed class UnavailabilityWebhookSignal : OutboxSignal;
