using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Host.Admin;

namespace Sas.Interop.Host.Metrics;

/// <summary>What <c>/admin/connectors</c>, <c>/admin/appointments/relay</c>, <c>/admin/regulator-accounts/relay</c> (and the unavailability webhook's state) showed at <paramref name="TakenAt"/>: the gauges' source.</summary>
internal sealed record OperationalSnapshot(DateTimeOffset TakenAt, IReadOnlyList<ConnectorView> Connectors, RelayStatus Relay, IReadOnlyList<RegulatorDelivery> RegulatorDeliveries)
{
    /// <summary>The long-unavailability webhook's outbox (<c>/admin/unavailabilities</c> <c>webhook</c>); null when no webhook is configured.</summary>
    public OutboxStatus? UnavailabilityWebhook { get; init; }
}
