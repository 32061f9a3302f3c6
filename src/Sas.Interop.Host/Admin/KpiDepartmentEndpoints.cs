using Sas.Interop.Core.Statistics;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// <c>GET /admin/kpis/departments</c>: free slots per department for the dashboard's map, with the filters and
/// the 400 rules of <c>/admin/kpis</c> (from/to, commune, department), read from the same statistics store.
/// </summary>
internal static class KpiDepartmentEndpoints
{
    public static void MapKpiDepartments(this RouteGroupBuilder admin) =>
        admin.MapGet("/kpis/departments", GetAsync)
            .WithSummary("Free slots per department (the dashboard's map)")
            .WithDescription("Same parameters and errors as /admin/kpis: from and to (yyyy-MM-dd, default today -7 / +7 Paris days), commune and department (comma-separated). Departments are derived from postal codes (2A/2B for Corsica, 97x overseas); 'unlocated' counts slots whose place has none.")
            .Produces<KpiDepartmentsResponse>()
            .ProducesValidationProblem();

    private static async Task<IResult> GetAsync(HttpContext http, IStatisticsStore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var today = StatisticsCalendar.DayOf(timeProvider.GetUtcNow());
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = KpiEndpoints.ParseDay(query["from"], today.AddDays(-7), "from", problems);
        var to = KpiEndpoints.ParseDay(query["to"], today.AddDays(7), "to", problems);
        if (problems.Count == 0 && (to < from || to.DayNumber - from.DayNumber >= KpiEndpoints.MaxDays))
        {
            problems["to"] = [$"'to' must be on or after 'from', at most {KpiEndpoints.MaxDays} days later."];
        }

        if (problems.Count > 0)
        {
            return Results.ValidationProblem(problems, title: "Invalid KPI query");
        }

        string? commune = query["commune"];
        string? department = query["department"];
        var communes = KpiEndpoints.Split(commune);
        var departments = KpiEndpoints.Split(department);
        var counts = (await store.GetFreeSlotCountsAsync(from, to, cancellationToken))
            .Where(c => (communes.Count == 0 || communes.Any(f => KpiEndpoints.MatchesCommune(f, c.Commune)))
                && (departments.Count == 0 || departments.Contains(c.Department ?? string.Empty, StringComparer.OrdinalIgnoreCase)))
            .ToList();

        var perDepartment = counts
            .Where(c => !string.IsNullOrEmpty(c.Department))
            .GroupBy(c => c.Department!, StringComparer.OrdinalIgnoreCase)
            .Select(g => Summarise(g.Key.ToUpperInvariant(), g.ToList()))
            .Where(d => d.FreeSlots > 0)
            .OrderBy(d => d.Department, StringComparer.Ordinal)
            .ToList();

        return Results.Ok(new KpiDepartmentsResponse(
            from,
            to,
            commune,
            department,
            CommuneKeys.Method,
            counts.Sum(c => c.FreeSlots),
            counts.Where(c => string.IsNullOrEmpty(c.Department)).Sum(c => c.FreeSlots),
            perDepartment));
    }

    private static KpiDepartmentCount Summarise(string department, List<FreeSlotCounts> counts) => new(
        department,
        counts.Sum(c => c.FreeSlots),
        new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["AMB"] = counts.Sum(c => c.Ambulatory),
            ["HH"] = counts.Sum(c => c.HomeVisit),
            ["VR"] = counts.Sum(c => c.Virtual),
        },
        new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["PUBLIC"] = counts.Sum(c => c.Public),
            ["PRO"] = counts.Sum(c => c.Pro),
            ["SNP"] = counts.Sum(c => c.Snp),
            ["CPTS"] = counts.Sum(c => c.Cpts),
        });
}
