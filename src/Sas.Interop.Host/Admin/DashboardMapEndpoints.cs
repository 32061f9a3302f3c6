namespace Sas.Interop.Host.Admin;

/// <summary>
/// The dashboard's map of free slots per department: its script and the department outlines it draws
/// (Admin/Dashboard/Map, CC BY 4.0, see the README there), embedded and served without a key like the page: they
/// carry no data. No tile server, nothing fetched from outside the hub.
/// </summary>
internal static class DashboardMapEndpoints
{
    public const string OutlinePath = "/admin/france-departments.json";

    private static readonly Lazy<string> Script = new(() => DashboardEndpoints.Read("dashboard-map.js"));
    private static readonly Lazy<string> Outline = new(() => DashboardEndpoints.Read("france-departments.json"));

    public static void MapDashboardMap(this RouteGroupBuilder admin)
    {
        admin.MapGet("/dashboard-map.js", (HttpContext http) => DashboardEndpoints.Static(http, Script.Value, "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        admin.MapGet("/france-departments.json", (HttpContext http) => DashboardEndpoints.Static(http, Outline.Value, "application/json; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
    }
}
