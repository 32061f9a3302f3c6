using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sas.Interop.Host.Metrics;
using Sas.Interop.Sync.Hosting;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// What the hub tells its operators: logs (Serilog, <see cref="HubLogging"/>), metrics (<c>/metrics</c>, Prometheus)
/// and OpenTelemetry tracing (requests, outgoing HTTP, EF Core and Npgsql commands) exported over OTLP, only when
/// <c>Telemetry:Otlp:Endpoint</c> is set: without it no tracer provider exists, so nothing is recorded or sent.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    public const string EndpointKey = "Telemetry:Otlp:Endpoint";
    public const string ProtocolKey = "Telemetry:Otlp:Protocol";
    public const string ServiceName = "sas-interop-hub";

    /// <summary>Logging, tracing, then the metrics and the resource every signal carries.</summary>
    public static IServiceCollection AddHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHubLogging(configuration);
        services.AddHubTracing(configuration);

        // One resource for every signal: Prometheus's target_info and the traces name the hub and its version.
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: HubVersion.Informational))
            .WithMetrics(metrics => metrics.AddHubMeters());
        return services;
    }

    private static IServiceCollection AddHubTracing(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return services;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var collector) || collector.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{EndpointKey} is '{endpoint}': give the collector's http(s) URL, e.g. http://collector:4318.");
        }

        var protocol = configuration[ProtocolKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            var other => throw new ArgumentException($"{ProtocolKey} is '{other}': use 'http/protobuf' (the default) or 'grpc'."),
        };

        // AddOpenTelemetry composes: the metrics, and the resource (service name and version) configured for every
        // signal in AddHubTelemetry, are left as they are.
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(options =>
            {
                options.Filter = http => !RequestTrace.IsProbe(http.Request.Path);

                // Search values can be patient-adjacent: spans keep the route, not the query.
                options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
            })
            .AddHttpClientInstrumentation()
            .AddEntityFrameworkCoreInstrumentation()
            .AddNpgsql()
            .AddOtlpExporter(otlp =>
            {
                otlp.Protocol = protocol;
                otlp.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? TracesUrl(collector) : collector;
            }));
        return services;
    }

    /// <summary>
    /// Given in code, the endpoint is used as it is (the SDK adds <c>/v1/traces</c> only to its environment
    /// variable): a collector's base URL gets the OTLP/HTTP traces path.
    /// </summary>
    private static Uri TracesUrl(Uri collector) =>
        collector.AbsolutePath is "" or "/" ? new Uri(collector, "/v1/traces") : collector;
}
