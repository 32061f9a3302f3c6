using OpenTelemetry.Resources;
using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Hosting;
using Sas.Interop.Host.Metrics;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Host.Admin;

/// <summary>Registration of the admin surface: key-based access, KPIs and their snapshots, feed quality, metrics.</summary>
internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddSasInteropAdmin(this IServiceCollection services, IConfiguration configuration, bool demo)
    {
        services.AddAdminAuthorization(configuration, demo);
        services.AddSingleton<ConnectorLatencyTracker>();
        services.AddSingleton<ConnectorRosters>();
        services.AddSingleton<Sources.ServedSources>();
        services.AddSingleton<IConnectorRosterSource, Sources.DatabaseRosterSource>();
        services.AddSingleton<ISyncRunObserver, Sources.RosterSweepObserver>();
        services.AddSingleton<SasSearchCounter>();
        services.AddHostedService<SasSearchCountFlusher>();
        services.AddSingleton<HubMetrics>();
        services.AddSingleton<ISyncRunObserver, SyncMetricsObserver>();
        services.AddSingleton<ISyncRunObserver, FeedQualityRecorder>();
        services.AddSingleton(DailySnapshotOptions.FromConfiguration(configuration));
        services.AddSingleton(UnavailabilityOptions.FromConfiguration(configuration));
        services.AddUnavailabilityWebhook(configuration);
        services.AddSingleton<ISyncRunObserver, DailySnapshotObserver>();
        services.AddSingleton<ConnectorOverview>();
        services.AddSingleton(MetricsOptions.FromConfiguration(configuration));
        services.AddSingleton<OperationalGauges>();
        services.AddSingleton<OperationalSnapshotRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationalSnapshotRefresher>());
        services.AddSingleton<ISyncRunObserver, SnapshotRefreshObserver>();
        // One resource for every signal: Prometheus's target_info and the traces name the hub and its version.
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(TelemetryServiceCollectionExtensions.ServiceName, serviceVersion: HubVersion.Informational))
            .WithMetrics(metrics => metrics.AddHubMeters());
        return services;
    }

    /// <summary>Admin authentication, then the SAS search timing and counting around the facade.</summary>
    public static IApplicationBuilder UseSasInteropAdmin(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<SasSearchMiddleware>();
        return app;
    }
}
