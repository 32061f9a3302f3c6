using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Host.Admin;

namespace Sas.Interop.Host.Metrics;

/// <summary>What <c>/admin/connectors</c>, <c>/admin/appointments/relay</c> and <c>/admin/regulator-accounts/relay</c> showed at <paramref name="TakenAt"/>: the gauges' source.</summary>
internal sealed record OperationalSnapshot(DateTimeOffset TakenAt, IReadOnlyList<ConnectorView> Connectors, RelayStatus Relay, IReadOnlyList<RegulatorDelivery> RegulatorDeliveries);
