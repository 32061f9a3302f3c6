namespace Sas.Interop.Sync.Configuration;

/// <summary>
/// Per-instance HTTP resilience (<c>Connectors:&lt;id&gt;:Resilience</c>). Defaults suit a sync that runs off the
/// SAS request path: a slow publisher costs freshness, never an answer.
/// </summary>
public sealed class ConnectorResilienceOptions
{
    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one request including its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; grows exponentially with jitter. A publisher's Retry-After takes precedence.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of failed requests, over <see cref="CircuitBreakerSamplingDuration"/>, that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    public int CircuitBreakerMinimumThroughput { get; set; } = 6;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests in flight to the publisher at once (a concurrency limiter in front of the pipeline); more wait their turn.</summary>
    public int MaxConcurrentRequests { get; set; } = 2;

    /// <summary>Worst-case sum of the retry delays (exponential from <see cref="RetryBaseDelay"/>, jitter ignored).</summary>
    internal TimeSpan CumulativeRetryDelay =>
        TimeSpan.FromTicks(Enumerable.Range(0, Math.Clamp(MaxRetryAttempts, 0, 10)).Sum(i => RetryBaseDelay.Ticks * (1L << i)));

    internal IEnumerable<string> Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            yield return "Resilience:AttemptTimeout must be positive.";
        }

        if (TotalTimeout < AttemptTimeout)
        {
            yield return $"Resilience:TotalTimeout ({TotalTimeout}) must be at least Resilience:AttemptTimeout ({AttemptTimeout}).";
        }

        if (MaxRetryAttempts is < 0 or > 10)
        {
            yield return "Resilience:MaxRetryAttempts must be between 0 and 10.";
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            yield return "Resilience:RetryBaseDelay must not be negative.";
        }
        else if (CumulativeRetryDelay > TotalTimeout)
        {
            // Otherwise the last retries could never run: the total timeout would always cut them off.
            yield return $"Resilience: the retry delays add up to {CumulativeRetryDelay} ({MaxRetryAttempts} retries from {RetryBaseDelay}, doubling), more than Resilience:TotalTimeout ({TotalTimeout}).";
        }

        if (MaxConcurrentRequests is < 1 or > 100)
        {
            yield return "Resilience:MaxConcurrentRequests must be between 1 and 100.";
        }

        if (CircuitBreakerFailureRatio is <= 0 or > 1)
        {
            yield return "Resilience:CircuitBreakerFailureRatio must be in (0, 1].";
        }

        if (CircuitBreakerMinimumThroughput < 2)
        {
            yield return "Resilience:CircuitBreakerMinimumThroughput must be at least 2.";
        }

        if (CircuitBreakerSamplingDuration < 2 * AttemptTimeout)
        {
            yield return "Resilience:CircuitBreakerSamplingDuration must be at least twice Resilience:AttemptTimeout.";
        }

        if (CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return "Resilience:CircuitBreakerBreakDuration must be at least 00:00:00.5.";
        }
    }
}
