namespace Sas.Interop.Host.Admin;

/// <summary>
/// The operator dashboard: one static page and its script, embedded in the assembly (no CDN, no build step).
/// They carry no data and are served without a key; every call they make for data sends the admin key.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly Lazy<string> Page = new(() => Read("dashboard.html"));
    private static readonly Lazy<string> Script = new(() => Read("dashboard.js"));

    public static void MapDashboard(this RouteGroupBuilder admin)
    {
        admin.MapGet(string.Empty, (HttpContext http) => Static(http, Page.Value, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        admin.MapGet("/dashboard.js", (HttpContext http) => Static(http, Script.Value, "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
    }

    internal static IResult Static(HttpContext http, string content, string contentType)
    {
        // Same-origin only: the page runs nothing it did not get from the hub.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Content(content, contentType);
    }

    internal static string Read(string name)
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        using var stream = assembly.GetManifestResourceStream("Sas.Interop.Host.Admin.Dashboard." + name)
            ?? throw new InvalidOperationException($"Embedded dashboard file '{name}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
