using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// Serilog for the hub: levels and extra sinks from the <c>Serilog</c> section, one built-in console sink
/// (text or compact JSON, <c>Logs:ConsoleFormat</c>) unless <c>Serilog:WriteTo</c> names the sinks itself, and one
/// request log line per request.
/// </summary>
internal static class HubLogging
{
    public const string ConsoleFormatKey = "Logs:ConsoleFormat";
    public const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext:l}: {Message:lj}{NewLine}{Exception}";

    /// <summary>The request log line; the trace id is in the text so a 500's id can be grepped from a plain log.</summary>
    public const string RequestTemplate = "HTTP {RequestMethod} {RouteTemplate} responded {StatusCode} in {Elapsed:0.0} ms for {ClientIdentity}, trace {TraceId}";

    public static IServiceCollection AddHubLogging(this IServiceCollection services, IConfiguration configuration)
    {
        var format = ConsoleFormat(configuration);
        services.AddSerilog((provider, logger) =>
        {
            logger.ReadFrom.Configuration(configuration).ReadFrom.Services(provider).Enrich.FromLogContext().Enrich.With<RawRequestPathRemover>();
            _ = format switch
            {
                ConsoleLogFormat.Text => logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture),
                ConsoleLogFormat.Json => logger.WriteTo.Console(new RenderedCompactJsonFormatter()),
                _ => logger,
            };
        });
        return services;
    }

    /// <summary>
    /// Two console sinks would write every line twice: when <c>Serilog:WriteTo</c> is configured it owns all the
    /// sinks, and asking for the built-in one as well is refused rather than guessed.
    /// </summary>
    public static ConsoleLogFormat ConsoleFormat(IConfiguration configuration)
    {
        var configuredSinks = configuration.GetSection("Serilog:WriteTo").GetChildren().Any();
        var value = configuration[ConsoleFormatKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return configuredSinks ? ConsoleLogFormat.None : ConsoleLogFormat.Text;
        }

        var format = value.Trim().ToLowerInvariant() switch
        {
            "text" => ConsoleLogFormat.Text,
            "json" => ConsoleLogFormat.Json,
            _ => throw new ArgumentException($"{ConsoleFormatKey} is '{value}': use 'text' (the default) or 'json'."),
        };
        return configuredSinks
            ? throw new ArgumentException($"{ConsoleFormatKey} and Serilog:WriteTo are both configured, which would write every line twice: remove {ConsoleFormatKey}, or remove Serilog:WriteTo and keep the built-in console sink.")
            : format;
    }

    /// <summary>
    /// Outermost, so the line has the status the exception handler answered. 5xx are errors; 4xx are the caller's
    /// mistakes (bad search, wrong key, a scanner) and stay Information so that they do not page anyone; the
    /// probes (<c>/health/*</c>, <c>/metrics</c>, every few seconds) are Debug: their prober sees their outcome.
    /// </summary>
    public static IApplicationBuilder UseHubRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = RequestTemplate;
            options.GetLevel = (http, _, exception) => Level(http, exception);

            // Only the method, status and time: the raw path (and its query) never reaches the log.
            options.GetMessageTemplateProperties = (http, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];

            // Runs when the request is over, so the per-endpoint authentication has set the user.
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("RouteTemplate", RequestTrace.RouteTemplate(http));
                diagnostics.Set("ClientIdentity", RequestTrace.ClientIdentity(http.User));
                diagnostics.Set("TraceId", RequestTrace.TraceId(http));
                diagnostics.Set("SpanId", RequestTrace.SpanId(http));
            };
        });

    internal static LogEventLevel Level(HttpContext http, Exception? exception)
    {
        if (RequestTrace.IsProbe(http.Request.Path))
        {
            return LogEventLevel.Debug;
        }

        return exception is not null || http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error : LogEventLevel.Information;
    }
}
