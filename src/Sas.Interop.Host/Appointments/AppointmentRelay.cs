using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Host.Appointments;

/// <summary>
/// Delivers the outbox to the SAS: at least once (a row is marked delivered only after a 2xx), in order per appointment
/// (a row waits while an earlier one of its appointment is pending), with exponential backoff kept in the row, so a
/// restart resumes where the previous process stopped. The receiver is idempotent by identifier: the first attempt of a
/// creation is a <c>POST</c>, every other send a conditional <c>PUT ?identifier=</c>, which the IG's SAS accepts as
/// create-or-update.
/// </summary>
internal sealed partial class AppointmentRelay(
    IAppointmentStore store,
    IHttpClientFactory httpClients,
    AppointmentRelaySignal signal,
    IOptions<AppointmentRelayOptions> options,
    TimeProvider clock,
    ILogger<AppointmentRelay> logger) : BackgroundService
{
    public const string HttpClientName = "appointments-relay";
    public const string SequenceHeader = "X-Sas-Interop-Sequence";
    private const int BatchSize = 50;
    private const int MaxErrorLength = 500;
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Endpoint is null)
        {
            LogNoEndpoint(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeIfDueAsync(settings, stoppingToken);
                var due = await store.DueAsync(clock.GetUtcNow(), BatchSize, stoppingToken);
                foreach (var message in due)
                {
                    await DeliverAsync(settings, message, stoppingToken);
                }

                if (due.Count == BatchSize)
                {
                    continue;
                }

                var next = await store.NextAttemptAsync(stoppingToken);
                var wait = next is { } at ? at - clock.GetUtcNow() : settings.PollInterval;
                wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > settings.PollInterval ? settings.PollInterval : wait;
                if (due.Count == 0 || wait > TimeSpan.Zero)
                {
                    await signal.WaitAsync(wait == TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : wait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store itself failed (disk full, locked): nothing is lost, the rows wait in the outbox.
                LogRelayFailed(logger, ex);
                await Task.Delay(settings.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends one row and records the outcome. Public for tests that drive the relay by hand.</summary>
    public async Task DeliverAsync(AppointmentRelayOptions settings, OutboxMessage message, CancellationToken cancellationToken)
    {
        // Long enough for the attempt to end either way; after it, a row whose relay died is due again.
        var now = clock.GetUtcNow();
        if (!await store.TryBeginAttemptAsync(message.Id, message.Attempts, now, now + (settings.AttemptTimeout * 2) + ClaimMargin, cancellationToken))
        {
            LogClaimedElsewhere(logger, message.AppointmentId, message.Sequence);
            return;
        }

        var attempt = message.Attempts + 1;
        string error;
        TimeSpan? retryAfter = null;
        try
        {
            using var request = RequestFor(settings, message);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await store.MarkDeliveredAsync(message.Id, clock.GetUtcNow(), message.SasId ?? SasIdOf(response.Headers.Location), cancellationToken);
                LogDelivered(logger, message.AppointmentId, message.Sequence, attempt);
                return;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            error = $"HTTP {(int)response.StatusCode} from {request.Method} {request.RequestUri}: {Shorten(body)}";
            if (IsPermanent(response.StatusCode))
            {
                await store.MarkRefusedAsync(message.Id, error, cancellationToken);
                LogRefused(logger, message.AppointmentId, message.Sequence, error);
                return;
            }

            retryAfter = response.Headers.RetryAfter?.Delta;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = Describe(ex);
        }

        var backoff = Backoff(settings, attempt);
        if (retryAfter is { } asked && asked > backoff)
        {
            backoff = asked < settings.MaxDelay ? asked : settings.MaxDelay;
        }

        await store.MarkRetryAsync(message.Id, clock.GetUtcNow() + backoff, Shorten(error), cancellationToken);
        LogRetry(logger, message.AppointmentId, message.Sequence, attempt, backoff.TotalSeconds, error);
    }

    // Settled rows are history: kept KeepSettled for operators, then dropped so the outbox does not grow forever.
    private async Task PurgeIfDueAsync(AppointmentRelayOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _lastPurge < PurgeEvery)
        {
            return;
        }

        _lastPurge = now;
        var purged = await store.PurgeSettledAsync(now - settings.KeepSettled, cancellationToken);
        if (purged > 0)
        {
            LogPurged(logger, purged, settings.KeepSettled.TotalDays);
        }
    }

    /// <summary>BaseDelay × 2^(attempt−1), capped at MaxDelay, with up to 20 % jitter so a recovering SAS is not hit by a wave.</summary>
    public static TimeSpan Backoff(AppointmentRelayOptions settings, int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(settings.BaseDelay.Ticks * Math.Pow(2, exponent), settings.MaxDelay.Ticks);
        var jittered = ticks * (1 - (Random.Shared.NextDouble() * 0.2));
        return TimeSpan.FromTicks((long)Math.Max(jittered, settings.BaseDelay.Ticks / 2.0));
    }

    // Later versions update the SAS's resource by the id it gave: two publishers may use the same identifier (each
    // holds its own appointment), and a conditional update on it would then reach the other's. The conditional update
    // stays for what the SAS's id is not known of (a creation whose answer was lost).
    private static HttpRequestMessage RequestFor(AppointmentRelayOptions settings, OutboxMessage message)
    {
        var fhirBase = settings.Endpoint!.ToString().TrimEnd('/');
        var create = message.Sequence == 1 && message.Attempts == 0;
        var body = message.ResourceJson;
        Uri uri;
        if (create)
        {
            uri = new Uri(fhirBase + "/Appointment");
        }
        else if (message.SasId is { } sasId)
        {
            uri = new Uri(fhirBase + "/Appointment/" + Uri.EscapeDataString(sasId));
            var appointment = FhirJson.Parse<Hl7.Fhir.Model.Appointment>(body);
            appointment.Id = sasId;
            body = FhirJson.Serialize(appointment);
        }
        else
        {
            uri = new Uri(fhirBase + "/Appointment?identifier=" + Uri.EscapeDataString(message.IdentifierSystem + "|" + message.IdentifierValue));
        }

        var request = new HttpRequestMessage(create ? HttpMethod.Post : HttpMethod.Put, uri)
        {
            Content = new StringContent(body, Encoding.UTF8, FhirJson.MediaType),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
        request.Headers.Add(SequenceHeader, message.Sequence.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Add("X-Api-Key", settings.ApiKey);
        }

        return request;
    }

    /// <summary>The id in a <c>Location</c> such as <c>[base]/Appointment/123</c> or <c>Appointment/123/_history/2</c>; null when there is none.</summary>
    public static string? SasIdOf(Uri? location)
    {
        if (location is null)
        {
            return null;
        }

        // Firely reads [base]/Type/id[/_history/vid], absolute or relative.
        var identity = new ResourceIdentity(location);
        return identity.ResourceType == "Appointment" && ResourceIds.IsFhirId(identity.Id) ? identity.Id : null;
    }

    // A 4xx says this message will never be accepted as it is: retrying forever would only hide it. 408 and 429 are
    // about timing, not content.
    private static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    // A failed TLS handshake says why only in the inner exceptions (certificate refused, no certificate sent).
    private static string Describe(Exception ex)
    {
        var messages = new List<string> { $"{ex.GetType().Name}: {ex.Message}" };
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            messages.Add(inner.Message);
        }

        return string.Join(" → ", messages.Distinct());
    }

    private static string Shorten(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appointments:Relay:Endpoint is not set: appointments are stored and queued for the SAS, not sent")]
    private static partial void LogNoEndpoint(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Appointment relay: the outbox could not be read or updated; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Appointment {AppointmentId} #{Sequence} was claimed by another relay (another hub node); skipped")]
    private static partial void LogClaimedElsewhere(ILogger logger, string appointmentId, int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment outbox: {Count} settled rows older than {Days:F0} days removed")]
    private static partial void LogPurged(ILogger logger, int count, double days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment {AppointmentId} #{Sequence} relayed to the SAS (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string appointmentId, int sequence, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Appointment {AppointmentId} #{Sequence} refused by the SAS, not retried: {Error}")]
    private static partial void LogRefused(ILogger logger, string appointmentId, int sequence, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appointment {AppointmentId} #{Sequence}: attempt {Attempt} failed, retry in {DelaySeconds:F1} s: {Error}")]
    private static partial void LogRetry(ILogger logger, string appointmentId, int sequence, int attempt, double delaySeconds, string error);
}
