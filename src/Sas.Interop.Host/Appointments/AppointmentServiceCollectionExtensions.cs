using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Sas.Interop.Host.Configuration;
using Sas.Interop.Host.Push;
using Sas.Interop.Ingestion.Appointments;
using Sas.Interop.Ingestion.Push;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Host.Appointments;

/// <summary>Registers the appointment flow: validation and storage, the outbox relay and its HttpClient.</summary>
internal static class AppointmentServiceCollectionExtensions
{
    public static IServiceCollection AddAppointments(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now as well: the relay's HttpClient is shaped by its timeouts and certificates at registration.
        var section = configuration.GetSection(AppointmentRelayOptions.SectionName);
        var relay = section.Get<AppointmentRelayOptions>() ?? new AppointmentRelayOptions();

        // Certificates are read once, now: a missing file or a wrong password stops the start-up naming the key.
        var tlsProblems = new List<string>();
        var tls = OutboundTls.Load(relay.Tls, AppointmentRelayOptions.SectionName + ":Tls", tlsProblems);
        services.AddValidatedOptions<AppointmentRelayOptions>(section, options => [.. options.Problems(), .. tlsProblems]);
        services.AddSingleton(sp => PublisherSources.From(
            sp.GetRequiredService<PublisherRegistry>().Publishers.Select(p => (p.Id, (IReadOnlyList<string>)(configuration.GetSection($"{PublisherRegistry.SectionName}:{p.Id}:Connectors").Get<string[]>() ?? []))),
            instance => configuration.GetSection($"Connectors:{instance}").Exists()));
        services.AddSingleton<AppointmentRelaySignal>();
        services.AddSingleton<IAppointmentOutboxSignal>(sp => sp.GetRequiredService<AppointmentRelaySignal>());
        services.AddSingleton<IBookingSources, HostBookingSources>();
        services.AddSingleton<BookingRights>();
        // Appointments queue behind the same per-publisher lock as push (registered by the push pipeline too).
        services.TryAddSingleton<PublisherLocks>();
        services.AddSingleton<AppointmentService>();
        services.AddHostedService<AppointmentRelay>();

        // Retries belong to the outbox (persisted backoff, across restarts), not to Polly: the pipeline bounds each
        // attempt and stops hammering a SAS that keeps failing.
        services.AddHttpClient(AppointmentRelay.HttpClientName, client =>
            {
                client.Timeout = relay.AttemptTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd(HubVersion.UserAgent);
            })
            .UseOutboundTls(tls)
            .AddResilienceHandler("sas-relay", pipeline =>
            {
                pipeline.AddTimeout(relay.AttemptTimeout);
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 6,
                    SamplingDuration = relay.AttemptTimeout * 3 > TimeSpan.FromSeconds(30) ? relay.AttemptTimeout * 3 : TimeSpan.FromSeconds(30),
                    BreakDuration = relay.BaseDelay > TimeSpan.FromSeconds(0.5) ? relay.BaseDelay : TimeSpan.FromSeconds(0.5),
                });
            });
        return services;
    }
}
