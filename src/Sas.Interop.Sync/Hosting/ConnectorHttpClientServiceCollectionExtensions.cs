using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Telemetry;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Health;
using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Sync.Hosting;

/// <summary>
/// The HTTP client the hub gives a connector instance: base address, timeouts, User-Agent, outbound TLS and the
/// "publisher" resilience pipeline from the instance's <c>Resilience</c> settings. One registration, used by the hub
/// and by the connector kit, so a plugin's tests run against the very client it gets in production.
/// </summary>
public static class ConnectorHttpClientServiceCollectionExtensions
{
    // Requests beyond MaxConcurrentRequests wait rather than fail: the connector's own batches are the only callers.
    private const int MaxQueuedRequests = 64;

    /// <summary>
    /// Registers the named client of the instance configured in <paramref name="instanceSection"/>
    /// (<c>Connectors:&lt;id&gt;</c>, read and validated exactly as the hub reads it, defaults included) and returns its
    /// name for <see cref="IHttpClientFactory.CreateClient(string)"/>. Adds what the pipeline needs if missing (a
    /// <see cref="TimeProvider"/>, the health registry its circuit breaker reports to); the caller adds logging.
    /// </summary>
    /// <exception cref="ConnectorConfigurationException">The settings would stop the hub at start-up; lists every problem.</exception>
    public static string AddConnectorHttpClient(this IServiceCollection services, IConfigurationSection instanceSection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(instanceSection);
        var problems = new List<string>();
        var instance = ConnectorConfigurationReader.ReadInstance(instanceSection, problems)
            ?? throw new ConnectorConfigurationException(problems);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectorHealthRegistry>();
        AddPublisherTelemetry(services);
        AddInstanceHttpClient(services, instance);
        return instance.HttpClientName;
    }

    /// <summary>Polly's own events at the severities the hub logs them (see <see cref="PublisherResilienceTelemetry"/>).</summary>
    internal static void AddPublisherTelemetry(IServiceCollection services) =>
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = PublisherResilienceTelemetry.Severity);

    internal static void AddInstanceHttpClient(IServiceCollection services, ConnectorInstance instance)
    {
        var resilience = instance.Options.Resilience;
        services.AddHttpClient(instance.HttpClientName, client =>
            {
                client.BaseAddress = instance.BaseAddress;

                // Polly's total timeout governs; this is only a backstop.
                client.Timeout = resilience.TotalTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd(HubVersion.UserAgent);
            })
            .UseOutboundTls(instance.Tls)
            .AddResilienceHandler("publisher", (pipeline, context) =>
            {
                var health = context.ServiceProvider.GetRequiredService<ConnectorHealthRegistry>();
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Sync.Resilience");

                // Outermost, as in the standard handler: a publisher sees at most this many of our requests at once.
                pipeline.AddConcurrencyLimiter(resilience.MaxConcurrentRequests, MaxQueuedRequests);
                pipeline.AddTimeout(resilience.TotalTimeout);
                if (resilience.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = resilience.MaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = resilience.RetryBaseDelay,
                        ShouldRetryAfterHeader = true,
                        OnRetry = args =>
                        {
                            logger.LogWarning(
                                "Publisher {Instance}: retry {Attempt} in {DelayMs:F0} ms after {Outcome}",
                                instance.Id,
                                args.AttemptNumber + 1,
                                args.RetryDelay.TotalMilliseconds,
                                args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}");
                            return default;
                        },
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = resilience.CircuitBreakerFailureRatio,
                    MinimumThroughput = resilience.CircuitBreakerMinimumThroughput,
                    SamplingDuration = resilience.CircuitBreakerSamplingDuration,
                    BreakDuration = resilience.CircuitBreakerBreakDuration,
                    OnOpened = args =>
                    {
                        health.SetCircuit(instance.Id, ConnectorCircuitStates.Open);
                        logger.LogWarning("Publisher {Instance}: circuit opened for {BreakMs:F0} ms", instance.Id, args.BreakDuration.TotalMilliseconds);
                        return default;
                    },
                    OnHalfOpened = _ =>
                    {
                        health.SetCircuit(instance.Id, ConnectorCircuitStates.HalfOpen);
                        logger.LogInformation("Publisher {Instance}: circuit half-open, probing", instance.Id);
                        return default;
                    },
                    OnClosed = _ =>
                    {
                        health.SetCircuit(instance.Id, ConnectorCircuitStates.Closed);
                        logger.LogInformation("Publisher {Instance}: circuit closed", instance.Id);
                        return default;
                    },
                });
                pipeline.AddTimeout(resilience.AttemptTimeout);
            });
    }
}
