using System.Threading.RateLimiting;

namespace Sas.Interop.Host.Push;

/// <summary>
/// A publisher's fixed-window write limit (<c>Push:PermitsPerMinute</c>). ASP.NET's FixedWindowRateLimiter gives
/// a refused lease the whole window as RetryAfter, whatever is left of it, and reads no TimeProvider; this one
/// answers the time left in the current window and counts on the hub's clock. A window opens at the first request
/// after the previous one closed. No queue: a request over the limit is refused at once.
/// </summary>
internal sealed class PublisherWindowLimiter(int permitLimit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private readonly Lock gate = new();
    private DateTimeOffset windowStart = DateTimeOffset.MinValue;
    private int used;
    private long succeeded;
    private long failed;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                var closedFor = clock.GetUtcNow() - windowStart - window;
                return closedFor >= TimeSpan.Zero ? closedFor : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Math.Max(0, permitLimit - (IsOpen(clock.GetUtcNow()) ? used : 0)),
                TotalSuccessfulLeases = succeeded,
                TotalFailedLeases = failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (!IsOpen(now))
            {
                windowStart = now;
                used = 0;
            }

            if (used + permitCount <= permitLimit)
            {
                used += permitCount;
                succeeded++;
                return WindowLease.Acquired;
            }

            failed++;
            return new WindowLease(false, windowStart + window - now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private bool IsOpen(DateTimeOffset now) => now - windowStart < window;

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
