using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Host.Admin;

/// <summary><c>GET /admin/export.csv</c>: free slots with practitioner and place, one row per slot, streamed.</summary>
internal static class ExportEndpoints
{
    private const int RowsPerFlush = 500;

    private static readonly string[] Header =
    [
        "slot_id", "practitioner_national_id", "practitioner_name", "association_siret", "address", "postal_code", "city", "commune", "department",
        "start", "end", "modes", "types", "motives", "source_instance", "source_last_updated", "fetched_at",
        "amb_duration_min", "amb_duration_source", "hh_duration_min", "hh_duration_source", "vr_duration_min", "vr_duration_source",
    ];

    private static readonly ConsultationModes[] DurationModes = [ConsultationModes.Ambulatory, ConsultationModes.HomeVisit, ConsultationModes.Virtual];

    public static async Task ExportAsync(HttpContext http, IStatisticsStore store, IStandardDurationStore durationStore, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var now = timeProvider.GetUtcNow();
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fromUtc = ParseBound(query["from"], now.UtcDateTime, endOfDay: false, "from", problems);
        var toUtc = ParseBound(query["to"], now.UtcDateTime.AddDays(7), endOfDay: true, "to", problems);
        if (problems.Count == 0 && toUtc <= fromUtc)
        {
            problems["to"] = ["'to' must be after 'from'."];
        }

        if (problems.Count > 0)
        {
            await Results.ValidationProblem(problems, title: "Invalid export query").ExecuteAsync(http);
            return;
        }

        var filter = new SlotExportFilter(KpiEndpoints.Split(query["communes"]), KpiEndpoints.Split(query["department"]), fromUtc, toUtc);

        // Each practitioner's standard durations over the exported window (declared, else the median slot length).
        var durations = await durationStore.GetAsync(null, new DateTimeOffset(fromUtc, TimeSpan.Zero), new DateTimeOffset(toUtc, TimeSpan.Zero), null, cancellationToken);

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"sas-slots-{StatisticsCalendar.DayOf(now):yyyyMMdd}.csv",
        }.ToString();

        // The BOM is what makes Excel (French locale included) read the file as UTF-8 rather than Windows-1252,
        // so "Châteauroux" and "Nîmes" survive a double-click. RFC 4180 readers skip it.
        await http.Response.Body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var text = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        var csv = new CsvWriter(text);
        await csv.WriteRecordAsync(Header);

        // Rows are written as the store reads them: memory stays flat whatever the export's size.
        var rows = 0;
        await foreach (var row in store.ExportSlotsAsync(filter, cancellationToken))
        {
            await csv.WriteRecordAsync([.. Fields(row), .. DurationFields(row.PractitionerNationalId is { } id ? durations.GetValueOrDefault(id) : null)]);
            if (++rows % RowsPerFlush == 0)
            {
                await text.FlushAsync(cancellationToken);
            }
        }

        await text.FlushAsync(cancellationToken);
    }

    private static IEnumerable<string?> Fields(SlotExportRow row) =>
    [
        ResourceIds.For(row.SourceInstance, row.NativeId),
        row.PractitionerNationalId,
        row.PractitionerName,
        row.OrganizationNationalId,
        row.Address,
        row.PostalCode,
        row.City,
        CommuneKeys.Commune(row.PostalCode, row.City),
        CommuneKeys.Department(row.PostalCode),
        Iso(row.Start),
        Iso(row.End),
        Codes((ConsultationModes)row.Modes),
        Codes((SlotTypes)row.Types),
        string.Join(" | ", row.Motives),
        row.SourceInstance,
        row.SourceLastUpdated is { } valid ? Iso(valid) : null,
        Iso(row.FetchedAt),
    ];

    private static IEnumerable<string?> DurationFields(IReadOnlyList<StandardDuration>? durations) =>
        DurationModes.SelectMany(mode => durations?.FirstOrDefault(d => d.Mode == mode) is { } duration
            ? new[] { duration.Minutes.ToString(CultureInfo.InvariantCulture), duration.Source == StandardDurationSource.Declared ? "declared" : "median" }
            : new string?[] { null, null });

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Codes(ConsultationModes modes) => string.Join('|', new[]
    {
        modes.HasFlag(ConsultationModes.Ambulatory) ? "AMB" : null,
        modes.HasFlag(ConsultationModes.HomeVisit) ? "HH" : null,
        modes.HasFlag(ConsultationModes.Virtual) ? "VR" : null,
    }.OfType<string>());

    private static string Codes(SlotTypes types) => string.Join('|', new[]
    {
        types.HasFlag(SlotTypes.Public) ? "PUBLIC" : null,
        types.HasFlag(SlotTypes.Pro) ? "PRO" : null,
        types.HasFlag(SlotTypes.Snp) ? "SNP" : null,
        types.HasFlag(SlotTypes.Cpts) ? "CPTS" : null,
    }.OfType<string>());

    /// <summary>A date is a French day (its start, or for <c>to</c> the next day's start); a date-time without an offset is UTC.</summary>
    private static DateTime ParseBound(string? value, DateTime fallback, bool endOfDay, string name, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        // Both forms are held to the admin date range: 9999-12-31 has no next day to end on.
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (AdminDateRange.Contains(day))
            {
                return StatisticsCalendar.StartUtc(endOfDay ? day.AddDays(1) : day);
            }

            problems[name] = [AdminDateRange.OutOfRange(name, value)];
            return fallback;
        }

        // A '+' in an unencoded offset arrives as a space.
        if (DateTimeOffset.TryParse(value.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && value.Length > 10)
        {
            if (AdminDateRange.Contains(DateOnly.FromDateTime(instant.DateTime)))
            {
                return instant.UtcDateTime;
            }

            problems[name] = [AdminDateRange.OutOfRange(name, value)];
            return fallback;
        }

        problems[name] = [$"'{value}' is neither a date (yyyy-MM-dd) nor a date-time with an offset."];
        return fallback;
    }
}
