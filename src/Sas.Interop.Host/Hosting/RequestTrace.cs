using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// What the log says about a request: its W3C trace and span, its route template (never the raw path or query,
/// which can carry practitioner ids and search values) and who called.
/// </summary>
internal static class RequestTrace
{
    public const string Anonymous = "anonymous";

    /// <summary>The W3C trace id of the request's activity, else ASP.NET Core's own request id.</summary>
    public static string TraceId(HttpContext http) =>
        Activity(http) is { } activity ? activity.TraceId.ToHexString() : http.TraceIdentifier;

    public static string? SpanId(HttpContext http) => Activity(http)?.SpanId.ToHexString();

    /// <summary>
    /// The matched endpoint's route pattern. After an exception the handler middleware has cleared the endpoint,
    /// so the one it saved in <see cref="IExceptionHandlerFeature"/> is used.
    /// </summary>
    public static string RouteTemplate(HttpContext http)
    {
        var endpoint = http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        return endpoint is RouteEndpoint route ? route.RoutePattern.RawText ?? "(no route)" : "(no route)";
    }

    /// <summary>
    /// <c>publisher:&lt;id&gt;</c>, <c>consumer:&lt;id&gt;</c>, <c>admin</c> or <c>anonymous</c>. Authentication runs
    /// per endpoint (each policy names its scheme), so this is only meaningful once the endpoint has run.
    /// </summary>
    public static string ClientIdentity(ClaimsPrincipal user)
    {
        if (user.FindFirst(PushAuthenticationHandler.PublisherClaim)?.Value is { } publisher)
        {
            return "publisher:" + publisher;
        }

        if (user.FindFirst(PushAuthenticationHandler.ConsumerClaim)?.Value is { } consumer)
        {
            return "consumer:" + consumer;
        }

        return user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AdminAuthorization.Scheme) ? "admin" : Anonymous;
    }

    /// <summary>Health probes and the Prometheus scrape: frequent, watched by their caller, not worth a line or a span.</summary>
    public static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    private static Activity? Activity(HttpContext http) =>
        http.Features.Get<IHttpActivityFeature>()?.Activity ?? System.Diagnostics.Activity.Current;
}
