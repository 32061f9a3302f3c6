using Microsoft.Extensions.Http.Resilience;
using Polly;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Host.Admin;

/// <summary>Registers the long-unavailability webhook: options checked at start-up, the scanner, the relay and its HttpClient.</summary>
internal static class UnavailabilityWebhookServiceCollectionExtensions
{
    public static IServiceCollection AddUnavailabilityWebhook(this IServiceCollection services, IConfiguration configuration)
    {
        var options = UnavailabilityWebhookOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        if (options.Endpoint is null)
        {
            return services;
        }

        services.AddSingleton<UnavailabilityWebhookSignal>();
        services.AddSingleton<UnavailabilityWebhookScanner>();
        services.AddHostedService(sp => sp.GetRequiredService<UnavailabilityWebhookScanner>());
        services.AddSingleton<ISyncRunObserver>(sp => sp.GetRequiredService<UnavailabilityWebhookScanner>());
        services.AddHostedService<UnavailabilityWebhookRelay>();

        // As the appointment relay: retries belong to the outbox (persisted backoff); the pipeline bounds each attempt.
        services.AddHttpClient(UnavailabilityWebhookRelay.HttpClientName, client =>
            {
                client.Timeout = options.AttemptTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd(Sas.Interop.Sync.Hosting.HubVersion.UserAgent);
            })
            .AddResilienceHandler("unavailability-webhook", pipeline =>
            {
                pipeline.AddTimeout(options.AttemptTimeout);
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 6,
                    SamplingDuration = options.AttemptTimeout * 3 > TimeSpan.FromSeconds(30) ? options.AttemptTimeout * 3 : TimeSpan.FromSeconds(30),
                    BreakDuration = options.BaseDelay > TimeSpan.FromSeconds(0.5) ? options.BaseDelay : TimeSpan.FromSeconds(0.5),
                });
            });
        return services;
    }
}
