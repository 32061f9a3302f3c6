using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Sas.Interop.Store.Hosting;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// <c>/health/live</c> (the process answers: no check runs) and <c>/health/ready</c> (the checks tagged <c>ready</c>:
/// the store, and the client CRL when the push API checks one).
/// </summary>
internal static class HubHealthChecks
{
    public static IServiceCollection AddHubHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddStoreHealthCheck();
        return services;
    }

    public static IEndpointRouteBuilder MapHubHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }
}
