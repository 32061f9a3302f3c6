using System.Globalization;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Statistics;

namespace Sas.Interop.Host.Admin;

/// <summary><c>GET /admin/kpis</c>: free slots by mode and type per period, roster gaps, SAS searches.</summary>
internal static class KpiEndpoints
{
    internal const int MaxDays = 731;
    private const int MaxRosterListed = 200;

    public static async Task<IResult> GetKpisAsync(
        HttpContext http,
        IStatisticsStore store,
        SasSearchCounter searchCounter,
        ConnectorRosters rosters,
        IAppointmentStore appointmentStore,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var now = timeProvider.GetUtcNow();
        var today = StatisticsCalendar.DayOf(now);
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = ParseDay(query["from"], today.AddDays(-7), "from", problems);
        var to = ParseDay(query["to"], today.AddDays(7), "to", problems);
        var granularity = ParseGranularity(query["granularity"], problems);
        var rosterDays = ParseInt(query["days"], 3, 1, 31, "days", problems);
        if (problems.Count == 0 && (to < from || to.DayNumber - from.DayNumber >= MaxDays))
        {
            problems["to"] = [$"'to' must be on or after 'from', at most {MaxDays} days later."];
        }

        if (problems.Count > 0)
        {
            return Results.ValidationProblem(problems, title: "Invalid KPI query");
        }

        string? commune = query["commune"];
        string? department = query["department"];
        var filter = new SlotExportFilter(Split(commune), Split(department), DateTime.MinValue, DateTime.MaxValue);

        var counts = (await store.GetFreeSlotCountsAsync(from, to, cancellationToken))
            .Where(c => (filter.Communes.Count == 0 || filter.Communes.Any(f => MatchesCommune(f, c.Commune)))
                && (filter.Departments.Count == 0 || filter.Departments.Contains(c.Department ?? string.Empty, StringComparer.OrdinalIgnoreCase)))
            .ToList();

        // Searches are not located: they are reported whatever the commune filter.
        var searches = new Dictionary<DateOnly, long>(await store.GetSasSearchesAsync(from, to, cancellationToken));
        foreach (var (day, pending) in searchCounter.Pending().Where(kv => kv.Key >= from && kv.Key <= to))
        {
            searches[day] = searches.GetValueOrDefault(day) + pending;
        }

        // Appointments carry no address either: reported whatever the commune filter.
        var appointments = await appointmentStore.CreatedPerDayAsync(from, to, cancellationToken);
        var periods = Days(from, to)
            .GroupBy(day => PeriodOf(day, granularity))
            .Select(g => Summarise(g.Key, g.ToList(), counts, searches, appointments))
            .ToList();
        var totals = Summarise("total", Days(from, to).ToList(), counts, searches, appointments);

        var roster = await rosters.AllAsync(cancellationToken);
        var withSlots = await store.GetPractitionersWithFreeSlotsAsync(now.UtcDateTime, now.UtcDateTime.AddDays(rosterDays), cancellationToken);
        var missing = roster.Where(r => !withSlots.Contains(r.NationalId)).ToList();
        var gap = new KpiRosterGap(
            rosterDays,
            roster.Count,
            missing.Count,
            missing.Take(MaxRosterListed).Select(m => new KpiRosterPractitioner(m.Instance, m.NationalId)).ToList());

        return Results.Ok(new KpiResponse(
            from,
            to,
            granularity.ToString().ToLowerInvariant(),
            commune,
            department,
            CommuneKeys.Method,
            periods,
            totals,
            gap,
            "appointmentsReceived: appointments publishers created (INT_R03), by Paris day of receipt, whatever the commune or department filter."));
    }

    private static KpiPeriod Summarise(string label, List<DateOnly> days, List<FreeSlotCounts> counts, Dictionary<DateOnly, long> searches, IReadOnlyDictionary<DateOnly, int> appointments)
    {
        var first = days[0];
        var last = days[^1];
        var inPeriod = counts.Where(c => c.Day >= first && c.Day <= last).ToList();
        var snapshotDays = inPeriod.Where(c => c.FromSnapshot).Select(c => c.Day).Distinct().Count();
        return new KpiPeriod(
            label,
            first,
            last,
            inPeriod.Sum(c => c.FreeSlots),
            new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["AMB"] = inPeriod.Sum(c => c.Ambulatory),
                ["HH"] = inPeriod.Sum(c => c.HomeVisit),
                ["VR"] = inPeriod.Sum(c => c.Virtual),
            },
            new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["PUBLIC"] = inPeriod.Sum(c => c.Public),
                ["PRO"] = inPeriod.Sum(c => c.Pro),
                ["SNP"] = inPeriod.Sum(c => c.Snp),
                ["CPTS"] = inPeriod.Sum(c => c.Cpts),
            },
            days.Sum(d => searches.GetValueOrDefault(d)),
            AppointmentsReceived: days.Sum(d => appointments.GetValueOrDefault(d)),
            snapshotDays,
            days.Count - snapshotDays)
        {
            OverbookedFreeSlots = inPeriod.Sum(c => c.Overbooked),
            ByStructure = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                [StructureTypes.Sos] = inPeriod.Sum(c => c.StructureSos),
                [StructureTypes.Cds] = inPeriod.Sum(c => c.StructureCds),
                [StructureTypes.Msp] = inPeriod.Sum(c => c.StructureMsp),
                [StructureTypes.Other] = inPeriod.Sum(c => c.StructureOther),
            },
        };
    }

    /// <summary>A commune key matches itself; a bare postal code matches every commune key it starts.</summary>
    internal static bool MatchesCommune(string filter, string? communeKey) =>
        communeKey is not null && (filter.Length == 5
            ? communeKey.StartsWith(filter, StringComparison.Ordinal) && (communeKey.Length == 5 || communeKey[5] == '-')
            : string.Equals(filter, communeKey, StringComparison.OrdinalIgnoreCase));

    private static string PeriodOf(DateOnly day, KpiGranularity granularity) => granularity switch
    {
        KpiGranularity.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):00}"),
        KpiGranularity.Month => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    internal static IReadOnlyList<string> Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static DateOnly ParseDay(string? value, DateOnly fallback, string name, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (AdminDateRange.Contains(day))
            {
                return day;
            }

            problems[name] = [AdminDateRange.OutOfRange(name, value)];
            return fallback;
        }

        problems[name] = [$"'{value}' is not a date (yyyy-MM-dd)."];
        return fallback;
    }

    private static KpiGranularity ParseGranularity(string? value, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return KpiGranularity.Day;
        }

        if (Enum.TryParse<KpiGranularity>(value, ignoreCase: true, out var granularity) && !int.TryParse(value, CultureInfo.InvariantCulture, out _))
        {
            return granularity;
        }

        problems["granularity"] = ["granularity is day, week or month."];
        return KpiGranularity.Day;
    }

    private static int ParseInt(string? value, int fallback, int min, int max, string name, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        problems[name] = [$"{name} is a whole number from {min} to {max}."];
        return fallback;
    }
}
