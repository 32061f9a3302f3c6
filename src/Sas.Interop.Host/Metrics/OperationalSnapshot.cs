using Sas.Interop.Core.Appointments;
using Sas.Interop.Host.Admin;

namespace Sas.Interop.Host.Metrics;

/// <summary>What <c>/admin/connectors</c> and <c>/admin/appointments/relay</c> showed at <paramref name="TakenAt"/>: the gauges' source.</summary>
internal sealed record OperationalSnapshot(DateTimeOffset TakenAt, IReadOnlyList<ConnectorView> Connectors, RelayStatus Relay);
