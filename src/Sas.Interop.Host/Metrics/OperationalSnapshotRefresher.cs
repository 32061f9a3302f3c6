using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Core.Storage;
using Sas.Interop.Host.Admin;
using Sas.Interop.Host.Regulators;

namespace Sas.Interop.Host.Metrics;

/// <summary>
/// Reads the connector listing and the outbox state from the store for <see cref="OperationalGauges"/>: at start,
/// after every sync run (<see cref="RequestRefresh"/>) and every <c>Metrics:RefreshEvery</c> otherwise, so a scrape
/// never waits on the database. A failed read keeps the previous snapshot (its age shows in
/// <c>sas_interop.metrics.snapshot.age</c>).
/// </summary>
internal sealed partial class OperationalSnapshotRefresher(
    ConnectorOverview connectors,
    IAppointmentStore appointments,
    IRegulatorAccountStore regulatorAccounts,
    RegulatorAccountDestinations regulatorDestinations,
    UnavailabilityWebhookOptions unavailabilityWebhook,
    IUnavailabilityNotificationStore unavailabilityNotifications,
    OperationalGauges gauges,
    MetricsOptions options,
    TimeProvider time,
    ILogger<OperationalSnapshotRefresher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _requested = new(0, 1);

    /// <summary>Asks for a new snapshot now (a sync run changed what the gauges show); several requests make one read.</summary>
    public void RequestRefresh()
    {
        try
        {
            _requested.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already requested: one read covers them all.
        }
    }

    /// <summary>Reads the store once and publishes the snapshot.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var rows = await connectors.ListAsync(cancellationToken);
        var relay = await appointments.RelayStatusAsync(cancellationToken);
        // Every publisher receiving accounts has its gauges, at 0 before its first account: an alert sees 0, not nothing.
        var held = await regulatorAccounts.DeliveriesAsync(cancellationToken);
        var deliveries = held.Concat(regulatorDestinations.Ids.Where(id => held.All(d => d.Publisher != id)).Select(id => new RegulatorDelivery(id, OutboxStatus.Empty))).ToList();
        var webhook = unavailabilityWebhook.Endpoint is null ? null : await unavailabilityNotifications.StatusAsync(cancellationToken);
        gauges.Publish(new OperationalSnapshot(time.GetUtcNow(), rows, relay, deliveries) { UnavailabilityWebhook = webhook });
    }

    public override void Dispose()
    {
        _requested.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRefreshFailed(logger, ex);
            }

            try
            {
                await _requested.WaitAsync(options.RefreshEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: could not read the connector and outbox state from the store; the gauges keep their previous values")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
