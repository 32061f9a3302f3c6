using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Sas.Interop.Core.Outbox;

namespace Sas.Interop.Host.Outbox;

/// <summary>
/// Delivers an <see cref="IOutbox"/>: at least once (a row is marked delivered only after a 2xx), in order per stream
/// (a row waits while an earlier one of its stream is pending), with exponential backoff kept in the row, so a restart
/// resumes where the previous process stopped, and claimed per attempt so that several hub nodes send each row once.
/// A 4xx other than 408/429 is a refusal: kept for operators, not retried. What to send where is the subclass's.
/// </summary>
internal abstract partial class OutboxRelay(IOutbox outbox, OutboxSignal signal, OutboxRelayOptions settings, TimeProvider clock, ILogger logger) : BackgroundService
{
    private const int BatchSize = 50;
    private const int MaxErrorLength = 500;
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    /// <summary>What this relay delivers, for the logs (e.g. <c>Appointment</c>).</summary>
    protected abstract string Subject { get; }

    /// <summary>False when there is nowhere to deliver (the relay then stays idle and the rows wait).</summary>
    protected abstract bool Configured { get; }

    /// <summary>The request carrying <paramref name="entry"/>, and the client to send it with.</summary>
    protected abstract (HttpClient Client, HttpRequestMessage Request) RequestFor(OutboxEntry entry);

    /// <summary>Why <paramref name="entry"/> can never be sent (its receiver is no longer configured), or null; such a row is refused.</summary>
    protected virtual string? Undeliverable(OutboxEntry entry) => null;

    /// <summary>The receiver's id of what a successful answer created or updated, kept for later versions; null by default.</summary>
    protected virtual string? RemoteIdOf(OutboxEntry entry, HttpResponseMessage response) => null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Configured)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeIfDueAsync(stoppingToken);
                var due = await outbox.DueAsync(clock.GetUtcNow(), BatchSize, stoppingToken);
                foreach (var entry in due)
                {
                    await DeliverAsync(entry, stoppingToken);
                }

                if (due.Count == BatchSize)
                {
                    continue;
                }

                var next = await outbox.NextAttemptAsync(stoppingToken);
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
                LogRelayFailed(logger, Subject, ex);
                await Task.Delay(settings.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends one row and records the outcome.</summary>
    private async Task DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        // Long enough for the attempt to end either way; after it, a row whose relay died is due again.
        var now = clock.GetUtcNow();
        if (!await outbox.TryBeginAttemptAsync(entry.Id, entry.Attempts, now, now + (settings.AttemptTimeout * 2) + ClaimMargin, cancellationToken))
        {
            LogClaimedElsewhere(logger, Subject, entry.Stream, entry.Sequence);
            return;
        }

        if (Undeliverable(entry) is { } reason)
        {
            await outbox.MarkRefusedAsync(entry.Id, reason, cancellationToken);
            LogRefused(logger, Subject, entry.Stream, entry.Sequence, reason);
            return;
        }

        var attempt = entry.Attempts + 1;
        string error;
        TimeSpan? retryAfter = null;
        try
        {
            var (client, request) = RequestFor(entry);
            using (request)
            {
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    await outbox.MarkDeliveredAsync(entry.Id, clock.GetUtcNow(), entry.RemoteId ?? RemoteIdOf(entry, response), cancellationToken);
                    LogDelivered(logger, Subject, entry.Stream, entry.Sequence, attempt);
                    return;
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                error = $"HTTP {(int)response.StatusCode} from {request.Method} {request.RequestUri}: {Shorten(body)}";
                if (IsPermanent(response.StatusCode))
                {
                    await outbox.MarkRefusedAsync(entry.Id, error, cancellationToken);
                    LogRefused(logger, Subject, entry.Stream, entry.Sequence, error);
                    return;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
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

        await outbox.MarkRetryAsync(entry.Id, clock.GetUtcNow() + backoff, Shorten(error), cancellationToken);
        LogRetry(logger, Subject, entry.Stream, entry.Sequence, attempt, backoff.TotalSeconds, error);
    }

    // Settled rows are history: kept KeepSettled for operators, then dropped so the outbox does not grow forever.
    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _lastPurge < PurgeEvery)
        {
            return;
        }

        _lastPurge = now;
        var purged = await outbox.PurgeSettledAsync(now - settings.KeepSettled, cancellationToken);
        if (purged > 0)
        {
            LogPurged(logger, Subject, purged, settings.KeepSettled.TotalDays);
        }
    }

    /// <summary>BaseDelay × 2^(attempt−1), capped at MaxDelay, with up to 20 % jitter so a recovering receiver is not hit by a wave.</summary>
    public static TimeSpan Backoff(OutboxRelayOptions settings, int attempt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(settings.BaseDelay.Ticks * Math.Pow(2, exponent), settings.MaxDelay.Ticks);
        var jittered = ticks * (1 - (Random.Shared.NextDouble() * 0.2));
        return TimeSpan.FromTicks((long)Math.Max(jittered, settings.BaseDelay.Ticks / 2.0));
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

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subject} relay: the outbox could not be read or updated; retrying")]
    private static partial void LogRelayFailed(ILogger logger, string subject, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Subject} {Stream} #{Sequence} was claimed by another relay (another hub node); skipped")]
    private static partial void LogClaimedElsewhere(ILogger logger, string subject, string stream, int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject} outbox: {Count} settled rows older than {Days:F0} days removed")]
    private static partial void LogPurged(ILogger logger, string subject, int count, double days);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject} {Stream} #{Sequence} delivered (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string subject, string stream, int sequence, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subject} {Stream} #{Sequence} refused by its receiver, not retried: {Error}")]
    private static partial void LogRefused(ILogger logger, string subject, string stream, int sequence, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject} {Stream} #{Sequence}: attempt {Attempt} failed, retry in {DelaySeconds:F1} s: {Error}")]
    private static partial void LogRetry(ILogger logger, string subject, string stream, int sequence, int attempt, double delaySeconds, string error);
}
