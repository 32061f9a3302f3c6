using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Sas.Interop.Host.Configuration;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>Registers the long-unavailability webhook: options checked at start-up, the scanner, the relay and its HttpClient.</summary>
internal static class UnavailabilityWebhookServiceCollectionExtensions
{
    public static IServiceCollection AddUnavailabilityWebhook(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now as well: whether there is a webhook at all, and its HttpClient's timeouts, are decided at registration.
        var section = configuration.GetSection(UnavailabilityWebhookOptions.SectionName);
        var options = section.Get<UnavailabilityWebhookOptions>() ?? new UnavailabilityWebhookOptions();
        services.AddValidatedOptions<UnavailabilityWebhookOptions>(section, webhook => webhook.Problems());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<UnavailabilityWebhookOptions>>().Value);

        // Wrong settings stop the start-up (HubOptionsValidation); nothing is wired to a URL that may not parse.
        if (options.Problems().Count > 0 || options.Endpoint is null)
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
