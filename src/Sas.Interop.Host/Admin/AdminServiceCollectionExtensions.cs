using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Metrics;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>Registration of the admin surface: key-based access, KPIs and their snapshots, feed quality, metrics, its OpenAPI document.</summary>
internal static class AdminServiceCollectionExtensions
{
    /// <param name="services">The hub's services.</param>
    /// <param name="configuration">The hub's configuration.</param>
    /// <param name="openWithoutKeys">Open /admin and /metrics when no <c>Admin:ApiKeys</c> is set (the demo only).</param>
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration, bool openWithoutKeys)
    {
        services.AddAdminAuthorization(configuration, openWithoutKeys);
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
        services.AddAdminOpenApi();
        return services;
    }

    /// <summary>Admin authentication, then the SAS search timing and counting around the facade.</summary>
    public static IApplicationBuilder UseAdmin(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<SasSearchMiddleware>();
        return app;
    }

    /// <summary><c>/admin</c> (API, dashboard, KPIs, export, <c>/metrics</c>) and its OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAdminEndpoints();
        endpoints.MapAdminOpenApi();
        return endpoints;
    }
}
