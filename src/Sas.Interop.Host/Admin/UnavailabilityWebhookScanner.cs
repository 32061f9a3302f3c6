using System.Globalization;
using System.Text.Json;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Host.Outbox;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Records one webhook event per long unavailability (the list <c>/admin/unavailabilities</c> gives at
/// <c>Admin:Unavailabilities:MinDays</c>), after each sync and every <c>ScanInterval</c> (pushed facts come without a
/// sync). The record is a unique insert keyed by source, place, reason and start: a restart or a second node finds it
/// there and sends nothing again. <see cref="UnavailabilityWebhookRelay"/> delivers what is recorded.
/// </summary>
internal sealed partial class UnavailabilityWebhookScanner(
    IUnavailabilityStore unavailabilities,
    IUnavailabilityNotificationStore notifications,
    UnavailabilityOptions threshold,
    UnavailabilityWebhookOptions options,
    UnavailabilityWebhookSignal relaySignal,
    SlotFreshness freshness,
    TimeProvider clock,
    ILogger<UnavailabilityWebhookScanner> logger) : BackgroundService, ISyncRunObserver
{
    public const string EventType = "practitioner.long-unavailability";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly OutboxSignal _wake = new();

    public Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
    {
        _wake.Notify();
        return Task.CompletedTask;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Endpoint is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken);
                await _wake.WaitAsync(options.ScanInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store failed (locked, down): the next pass sees the same unavailabilities, nothing is lost.
                LogScanFailed(logger, ex);
                await _wake.WaitAsync(options.ScanInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var all = await unavailabilities.ListAsync(null, now, freshness.WithheldBefore(), cancellationToken);
        var recorded = 0;
        foreach (var view in all.Where(u => u.LastsAtLeast(TimeSpan.FromDays(threshold.MinDays), now)).Select(UnavailabilityView.From))
        {
            var eventId = Guid.NewGuid().ToString("D");
            var body = JsonSerializer.Serialize(
                new
                {
                    id = eventId,
                    type = EventType,
                    occurredAt = now,
                    practitionerNationalId = view.PractitionerNationalId,
                    name = view.Name,
                    source = view.Source,
                    placeId = view.PlaceId,
                    place = view.Place,
                    reason = view.Reason,
                    since = view.Since,
                    until = view.Until,
                    description = view.Description,
                    days = view.Days,
                },
                Json);
            if (await notifications.TryEnqueueAsync(KeyOf(view), eventId, body, now, cancellationToken))
            {
                recorded++;
            }
        }

        if (recorded > 0)
        {
            LogRecorded(logger, recorded);
            relaySignal.Notify();
        }
    }

    /// <summary>What identifies one unavailability across passes: its source, place, reason and start.</summary>
    private static string KeyOf(UnavailabilityView view) => string.Join(
        '|',
        view.Source,
        view.PlaceId,
        view.Reason,
        view.Since?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "open");

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} long unavailabilities recorded for the webhook")]
    private static partial void LogRecorded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unavailability webhook: the unavailabilities could not be read or recorded; retrying")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
