namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// Recognises what the hub's resilience pipeline (Polly) throws through a connector's HttpClient: an open circuit,
/// an attempt or total timeout, a concurrency/rate limiter rejection. Matched by type name, so a connector needs no
/// Polly dependency of its own to classify its failures.
/// </summary>
public static class ResilienceFailures
{
    /// <summary>The failure the pipeline caused, anywhere in the exception chain; <c>null</c> when it was not the pipeline.</summary>
    public static ConnectorFailure? Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current.GetType().Name)
            {
                case "BrokenCircuitException" or "IsolatedCircuitException":
                    return new ConnectorFailure(ConnectorFailureKind.CircuitOpen, $"Circuit open: calls to the publisher are suspended after repeated failures ({current.Message}).");
                case "TimeoutRejectedException":
                    return new ConnectorFailure(ConnectorFailureKind.Timeout, $"Timed out: {current.Message}");
                case "RateLimiterRejectedException":
                    return new ConnectorFailure(ConnectorFailureKind.RateLimited, $"Rate limited before sending: {current.Message}");
            }
        }

        return null;
    }
}
