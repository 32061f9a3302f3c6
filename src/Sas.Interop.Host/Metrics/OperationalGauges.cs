using System.Diagnostics.Metrics;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Host.Admin;
using Sas.Interop.Sync.Health;

namespace Sas.Interop.Host.Metrics;

/// <summary>
/// The on-call gauges of meter <c>Sas.Interop</c>: per connector instance (label <c>connector</c>) and for the
/// appointment outbox, per publisher (label <c>publisher</c>) for the regulator-account outbox, and for the
/// long-unavailability webhook when one is configured. A scrape reads only the last <see cref="OperationalSnapshot"/> in memory, never the database:
/// <see cref="OperationalSnapshotRefresher"/> takes it in the background, after every sync run and every
/// <c>Metrics:RefreshEvery</c>. Ages are brought forward to the scrape's time, so they grow between snapshots.
/// Every node of a cluster reports the same store-backed values; aggregate them with max by (connector).
/// </summary>
internal sealed class OperationalGauges
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;
    private volatile OperationalSnapshot? _snapshot;

    public OperationalGauges(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        _startedAt = time.GetUtcNow();
        var meter = meterFactory.Create(HubMetrics.MeterName);
        meter.CreateObservableGauge("sas_interop.connector.data_age", () => PerConnector(c => SecondsSince(c.DataAsOf)), "s",
            "Age of the connector's data: now minus the oldest fetch time of the slots it holds (or of its last success when it holds none), as dataAgeSeconds on /admin/connectors.");
        meter.CreateObservableGauge("sas_interop.connector.data_age.allowed", () => PerConnector(c => c.AllowedDataAgeSeconds), "s",
            "Data age past which the connector is late: twice the longest gap between its scheduled runs, at least Sync:StaleAfter. Absent for manual, paused, disabled or removed instances.");
        meter.CreateObservableGauge("sas_interop.connector.state", () => PerConnector(c => StateNumber(c.State)), unit: null,
            "Connector state as on /admin/connectors: 0 pending (never run), 1 healthy, 2 degraded (failures below 3, or a partial run), 3 failing (3 or more runs in a row without a successful batch), 4 paused or disabled, 5 removed (data held, no longer configured).");
        meter.CreateObservableGauge("sas_interop.connector.consecutive_failures", () => PerConnector(c => c.ConsecutiveFailures), "{run}",
            "Runs in a row with no successful batch (0 after a success).");
        meter.CreateObservableGauge("sas_interop.connector.circuit", () => PerConnector(c => CircuitNumber(c.Circuit)), unit: null,
            "Circuit breaker towards the publisher, as seen by this node since its start: 0 closed, 1 half-open, 2 open.");
        meter.CreateObservableGauge("sas_interop.connector.slots", () => PerConnector(c => c.SlotCount), "{slot}",
            "Slots the connector holds in the store.");
        meter.CreateObservableGauge("sas_interop.appointments.outbox.pending", () => Relay(r => r.Outbox.Pending), "{message}",
            "Appointment versions not delivered to the SAS yet.");
        meter.CreateObservableGauge("sas_interop.appointments.outbox.failing", () => Relay(r => r.Outbox.Failing), "{message}",
            "Pending appointment versions whose last delivery attempt failed (retried with backoff).");
        meter.CreateObservableGauge("sas_interop.appointments.outbox.refused", () => Relay(r => r.Outbox.Refused), "{message}",
            "Appointment versions the SAS refused for good (4xx): they will not be retried.");
        meter.CreateObservableGauge("sas_interop.appointments.outbox.oldest_pending_age", () => Relay(OldestPendingAge), "s",
            "Age of the oldest undelivered appointment version; 0 when none is pending.");
        meter.CreateObservableGauge("sas_interop.regulator_accounts.outbox.pending", () => PerPublisher(s => s.Pending), "{message}",
            "Regulator account versions not delivered to the publisher yet (label publisher).");
        meter.CreateObservableGauge("sas_interop.regulator_accounts.outbox.failing", () => PerPublisher(s => s.Failing), "{message}",
            "Pending regulator account versions whose last delivery attempt to the publisher failed (retried with backoff).");
        meter.CreateObservableGauge("sas_interop.regulator_accounts.outbox.refused", () => PerPublisher(s => s.Refused), "{message}",
            "Regulator account versions the publisher refused for good (4xx), or that no longer have a configured publisher: not retried.");
        meter.CreateObservableGauge("sas_interop.regulator_accounts.outbox.oldest_pending_age", () => PerPublisher(s => SecondsSince(s.OldestPendingSince) ?? 0), "s",
            "Age of the oldest regulator account version not delivered to the publisher; 0 when none is pending.");
        meter.CreateObservableGauge("sas_interop.unavailability_webhook.pending", () => Webhook(w => w.Pending), "{event}",
            "Long-unavailability events not delivered to Admin:Unavailabilities:Webhook:Url yet (absent without a webhook).");
        meter.CreateObservableGauge("sas_interop.unavailability_webhook.failing", () => Webhook(w => w.Failing), "{event}",
            "Pending long-unavailability events whose last delivery attempt failed (retried with backoff).");
        meter.CreateObservableGauge("sas_interop.unavailability_webhook.refused", () => Webhook(w => w.Refused), "{event}",
            "Long-unavailability events the webhook's receiver refused for good (4xx): not retried.");
        meter.CreateObservableGauge("sas_interop.unavailability_webhook.oldest_pending_age", () => Webhook(w => SecondsSince(w.OldestPendingSince) ?? 0), "s",
            "Age of the oldest undelivered long-unavailability event; 0 when none is pending.");
        meter.CreateObservableGauge("sas_interop.metrics.snapshot.age", SnapshotAge, "s",
            "Time since the connector and outbox gauges were last read from the store (since start-up before the first read): when it grows, the database is unreachable and those gauges are stale.");
    }

    public void Publish(OperationalSnapshot snapshot) => _snapshot = snapshot;

    public static int StateNumber(string state) => state switch
    {
        "pending" => 0,
        "healthy" => 1,
        "degraded" => 2,
        "failing" => 3,
        "paused" => 4,
        _ => 5,
    };

    public static int CircuitNumber(string? circuit) => circuit switch
    {
        ConnectorCircuitStates.HalfOpen => 1,
        ConnectorCircuitStates.Open => 2,
        _ => 0,
    };

    private double? SecondsSince(DateTimeOffset? instant) => instant is { } at ? Math.Max(0, (_time.GetUtcNow() - at).TotalSeconds) : null;

    private IEnumerable<Measurement<double>> PerConnector(Func<ConnectorView, double?> value)
    {
        if (_snapshot is not { } snapshot)
        {
            yield break;
        }

        foreach (var connector in snapshot.Connectors)
        {
            if (value(connector) is { } measured)
            {
                yield return new Measurement<double>(measured, new KeyValuePair<string, object?>("connector", connector.Id));
            }
        }
    }

    private IEnumerable<Measurement<double>> PerPublisher(Func<OutboxStatus, double> value)
    {
        if (_snapshot is not { } snapshot)
        {
            yield break;
        }

        foreach (var delivery in snapshot.RegulatorDeliveries)
        {
            yield return new Measurement<double>(value(delivery.Status), new KeyValuePair<string, object?>("publisher", delivery.Publisher));
        }
    }

    private IEnumerable<Measurement<double>> Relay(Func<RelayStatus, double> value)
    {
        if (_snapshot is { } snapshot)
        {
            yield return new Measurement<double>(value(snapshot.Relay));
        }
    }

    private IEnumerable<Measurement<double>> Webhook(Func<OutboxStatus, double> value)
    {
        if (_snapshot?.UnavailabilityWebhook is { } webhook)
        {
            yield return new Measurement<double>(value(webhook));
        }
    }

    private double OldestPendingAge(RelayStatus relay) => SecondsSince(relay.Outbox.OldestPendingSince) ?? 0;

    private double SnapshotAge() => SecondsSince(_snapshot?.TakenAt ?? _startedAt) ?? 0;
}
