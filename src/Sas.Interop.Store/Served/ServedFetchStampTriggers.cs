using System.Text;

namespace Sas.Interop.Store;

/// <summary>
/// The <c>served_stamps</c> triggers since the <c>ServedFetchStamps</c> migration: as <see cref="ServedStampTriggers"/>
/// (same tables, same keys), but an UPDATE that changes nothing but <see cref="FetchOnlyColumns"/> bumps
/// <c>FetchStamp</c> instead of <c>Stamp</c>, and an UPDATE that changes nothing bumps nothing. A re-sync of an
/// unchanged agenda then leaves the content stamps alone, and the served-agenda cache only reads its fetch times again.
/// </summary>
/// <remarks>
/// SQLite compares columns in a trigger's WHEN clause and PostgreSQL in its function, by name: the column lists are
/// part of the SQL a migration installs. <see cref="ServedFetchStampsColumns"/> is the list the <c>ServedFetchStamps</c>
/// migration was written with: never edit it. A column added to one of the four tables needs a new migration that drops
/// and recreates the triggers (<see cref="DropSqlite"/>/<see cref="DropPostgres"/>, then <see cref="CreateSqlite"/>/
/// <see cref="CreatePostgres"/> with a new list): until then the column's changes bump no stamp at all. A test reads
/// the installed triggers and fails when their lists are not the model's columns minus <see cref="FetchOnlyColumns"/>.
/// </remarks>
internal static class ServedFetchStampTriggers
{
    /// <summary>
    /// The columns whose change alone is not a change of content: the fetch time. It is not in any rendering (the facade
    /// splices it in as <c>meta.lastUpdated</c>) nor in the served-slot rule as the cache reads rows (the freshness
    /// filter is applied per search, on the fetch times the entry holds). The source's <c>meta.lastUpdated</c>
    /// (<c>SourceLastUpdatedUtc</c>) and the versions are content here: they change with a content change, and a
    /// rendering carries the version.
    /// </summary>
    public static readonly IReadOnlySet<string> FetchOnlyColumns = new HashSet<string>(StringComparer.Ordinal) { "FetchedAtUtc" };

    /// <summary>The content columns of each table, as of the <c>ServedFetchStamps</c> migration (frozen: see remarks).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ServedFetchStampsColumns = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["slots"] =
        [
            "Id", "AppointmentKind", "BookedAtUtc", "BookingUrl", "CptsServicesJson", "EndOffsetMinutes", "EndUtc", "Modes", "MotivesJson", "NativeId",
            "OrganizationNationalId", "Overbooked", "PractitionerNationalId", "ScheduleNativeId", "ServedJson", "SourceInstance", "SourceLastUpdatedUtc",
            "SpecialtiesJson", "StartOffsetMinutes", "StartUtc", "Status", "Types", "Unavailable", "Version", "VersionedAtUtc",
        ],
        ["practitioners"] =
        [
            "Id", "Family", "GivenJson", "LanguagesJson", "NationalId", "NativeId", "ServedJson", "SourceInstance", "SourceLastUpdatedUtc", "TelecomsJson",
            "Version", "VersionedAtUtc",
        ],
        ["schedules"] =
        [
            "Id", "Inactive", "LocationNativeId", "NativeId", "PlaceNativeId", "PractitionerNativeId", "ServedJson", "SourceInstance", "SourceLastUpdatedUtc",
            "Version", "VersionedAtUtc",
        ],
        ["places"] =
        [
            "Id", "AddressJson", "DurationsJson", "HomeVisitRadiusMeters", "HoursJson", "Inactive", "Latitude", "LocationIdentifierJson", "LocationName",
            "Longitude", "NativeId", "NotAvailableJson", "OrganizationJson", "PostalCode", "PractitionerNativeId", "ServedJson", "SourceInstance",
            "SourceLastUpdatedUtc", "SpecialtiesJson", "TelecomsJson", "Version", "VersionedAtUtc",
        ],
    };

    private const string Upsert = """INSERT INTO served_stamps ("PractitionerNationalId", "SourceInstance", "Stamp", "FetchStamp")""";

    // Adds what the row inserted would have started with: (1, 0) for content, (0, 1) for a fetch time.
    private const string OnConflict = """ON CONFLICT ("PractitionerNationalId", "SourceInstance") DO UPDATE SET "Stamp" = served_stamps."Stamp" + excluded."Stamp", "FetchStamp" = served_stamps."FetchStamp" + excluded."FetchStamp" """;

    /// <summary>The tables whose rows make an answer, and how a row finds its (national id, source) key.</summary>
    private static readonly StampedTable[] Tables =
    [
        new("slots", ["SourceInstance", "PractitionerNationalId"], Through: null, NationalIdColumn: "PractitionerNationalId"),
        new("practitioners", ["SourceInstance", "NationalId"], Through: null, NationalIdColumn: "NationalId"),
        new("schedules", ["SourceInstance", "PractitionerNativeId"], Through: "PractitionerNativeId", NationalIdColumn: null),
        new("places", ["SourceInstance", "PractitionerNativeId"], Through: "PractitionerNativeId", NationalIdColumn: null),
    ];

    /// <summary>The trigger a test reads the content columns of, per table (SQLite: its WHEN clause).</summary>
    public static string SqliteContentTrigger(string table) => TriggerName(table, "update");

    /// <summary>The function a test reads the content columns of, per table (PostgreSQL).</summary>
    public static string PostgresFunction(string table) => "served_stamps_bump_" + table;

    public static string CreateSqlite(IReadOnlyDictionary<string, string[]> contentColumns)
    {
        ArgumentNullException.ThrowIfNull(contentColumns);
        var sql = new StringBuilder();
        foreach (var table in Tables)
        {
            var changed = Changed(contentColumns[table.Name], "OLD", "NEW", "IS NOT");
            var fetched = Changed([.. FetchOnlyColumns.Order(StringComparer.Ordinal)], "OLD", "NEW", "IS NOT");
            foreach (var (name, verb, when, bumps) in new[]
            {
                ("insert", "INSERT", "", new[] { ("NEW", "1, 0", "") }),
                ("update", "UPDATE", $" WHEN {changed}", [("NEW", "1, 0", ""), ("OLD", "1, 0", Moved(table))]),
                ("fetch", "UPDATE", $" WHEN NOT {changed} AND {fetched}", [("NEW", "0, 1", "")]),
                ("delete", "DELETE", "", [("OLD", "1, 0", "")]),
            })
            {
                sql.AppendLine($"CREATE TRIGGER {TriggerName(table.Name, name)} AFTER {verb} ON {table.Name}{when} BEGIN");
                foreach (var (row, values, moved) in bumps)
                {
                    sql.AppendLine(table.Through is { } link
                        ? $"""  {Upsert} SELECT p."NationalId", p."SourceInstance", {values} FROM practitioners p WHERE p."SourceInstance" = {row}."SourceInstance" AND p."NativeId" = {row}."{link}"{moved} {OnConflict.TrimEnd()};"""
                        : $"""  {Upsert} SELECT {row}."{table.NationalIdColumn}", {row}."SourceInstance", {values} WHERE {row}."{table.NationalIdColumn}" IS NOT NULL{moved} {OnConflict.TrimEnd()};""");
                }

                sql.AppendLine("END;");
            }
        }

        return sql.ToString();
    }

    public static string DropSqlite() =>
        string.Concat(Tables.SelectMany(t => new[] { "insert", "update", "fetch", "delete" }.Select(name => $"DROP TRIGGER IF EXISTS {TriggerName(t.Name, name)};\n")));

    public static string CreatePostgres(IReadOnlyDictionary<string, string[]> contentColumns)
    {
        ArgumentNullException.ThrowIfNull(contentColumns);
        var sql = new StringBuilder();
        foreach (var table in Tables)
        {
            var function = PostgresFunction(table.Name);
            var changed = Changed(contentColumns[table.Name], "o", "n", "IS DISTINCT FROM");
            var fetched = Changed([.. FetchOnlyColumns.Order(StringComparer.Ordinal)], "o", "n", "IS DISTINCT FROM");
            const string Pairs = """new_rows n JOIN old_rows o ON o."Id" = n."Id" """;

            // One upsert per statement, keys in order (two writers lock stamps in the same order), each key bumped
            // once: content if any of its rows changed in content, else fetch.
            sql.AppendLine($$"""
                CREATE OR REPLACE FUNCTION {{function}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    {{Upsert}} SELECT k.n, k.s, 1, 0 FROM ({{Keys(table, "r", "new_rows r", "1", null)}}) k GROUP BY k.n, k.s ORDER BY 1, 2 {{OnConflict.TrimEnd()}};
                  ELSIF TG_OP = 'DELETE' THEN
                    {{Upsert}} SELECT k.n, k.s, 1, 0 FROM ({{Keys(table, "r", "old_rows r", "1", null)}}) k GROUP BY k.n, k.s ORDER BY 1, 2 {{OnConflict.TrimEnd()}};
                  ELSE
                    {{Upsert}} SELECT k.n, k.s, max(k.c), CASE WHEN max(k.c) = 1 THEN 0 ELSE 1 END FROM (
                      {{Keys(table, "n", Pairs.TrimEnd(), $"CASE WHEN {changed} THEN 1 ELSE 0 END", $"{changed} OR {fetched}")}}
                      UNION ALL {{Keys(table, "o", Pairs.TrimEnd(), "1", changed)}}
                    ) k GROUP BY k.n, k.s ORDER BY 1, 2 {{OnConflict.TrimEnd()}};
                  END IF;
                  RETURN NULL;
                END
                $fn$;
                CREATE TRIGGER {{TriggerName(table.Name, "insert")}} AFTER INSERT ON {{table.Name}} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{function}}();
                CREATE TRIGGER {{TriggerName(table.Name, "update")}} AFTER UPDATE ON {{table.Name}} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{function}}();
                CREATE TRIGGER {{TriggerName(table.Name, "delete")}} AFTER DELETE ON {{table.Name}} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {{function}}();
                """);
        }

        return sql.ToString();
    }

    public static string DropPostgres() =>
        string.Concat(Tables.Select(t =>
            string.Concat(new[] { "insert", "update", "delete" }.Select(name => $"DROP TRIGGER IF EXISTS {TriggerName(t.Name, name)} ON {t.Name};\n"))
            + $"DROP FUNCTION IF EXISTS {PostgresFunction(t.Name)}();\n"));

    private static string Changed(string[] columns, string before, string after, string differs) =>
        "(" + string.Join(" OR ", columns.Select(c => $"""{before}."{c}" {differs} {after}."{c}" """.TrimEnd())) + ")";

    private static string Moved(StampedTable table) =>
        " AND (" + string.Join(" OR ", table.KeyColumns.Select(c => $"""OLD."{c}" IS NOT NEW."{c}" """.TrimEnd())) + ")";

    /// <summary>
    /// The (national id n, source s, content change c: 1 or 0) keys of the rows <paramref name="row"/> ranges over in
    /// <paramref name="from"/>, those matching <paramref name="where"/> only.
    /// </summary>
    private static string Keys(StampedTable table, string row, string from, string content, string? where)
    {
        var values = content + " AS c";
        var filter = where is null ? "" : $" AND ({where})";
        return table.Through is { } link
            ? $"""SELECT p."NationalId" AS n, p."SourceInstance" AS s, {values} FROM {from} JOIN practitioners p ON p."SourceInstance" = {row}."SourceInstance" AND p."NativeId" = {row}."{link}" WHERE TRUE{filter}"""
            : $"""SELECT {row}."{table.NationalIdColumn}" AS n, {row}."SourceInstance" AS s, {values} FROM {from} WHERE {row}."{table.NationalIdColumn}" IS NOT NULL{filter}""";
    }

    private static string TriggerName(string table, string name) => $"served_stamps_{table}_{name}";

    /// <param name="Name">The table.</param>
    /// <param name="KeyColumns">The columns whose change moves a row to another stamp.</param>
    /// <param name="Through">The column naming the practitioner row (native id, same source) the key comes from, if not the row itself.</param>
    /// <param name="NationalIdColumn">The row's own national id column, when <paramref name="Through"/> is null.</param>
    private sealed record StampedTable(string Name, string[] KeyColumns, string? Through, string? NationalIdColumn);
}
