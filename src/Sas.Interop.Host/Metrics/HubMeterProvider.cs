using OpenTelemetry.Metrics;

namespace Sas.Interop.Host.Metrics;

/// <summary>
/// What /metrics exports: the hub's own meter and the meters .NET, ASP.NET Core and Npgsql already publish
/// (request durations and active requests, Kestrel connections, outbound HTTP, GC/thread pool/CPU, database
/// connections and commands). They are listened to by name rather than re-measured by hand.
/// </summary>
internal static class HubMeterProvider
{
    /// <summary>Built-in meters, by the names their libraries publish them under.</summary>
    public static readonly IReadOnlyList<string> BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Npgsql",
        "Microsoft.EntityFrameworkCore",
    ];

    public static MeterProviderBuilder AddHubMeters(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(HubMetrics.MeterName).AddMeter([.. BuiltInMeters]).AddPrometheusExporter();
}
