using System.Text;

namespace Sas.Interop.Store;

/// <summary>
/// The triggers that keep <c>served_stamps</c> (<see cref="Entities.ServedStampRow"/>) in step with every write to the
/// rows a PS-individuel answer is made of, in the database itself so that no writer (EF, the raw-SQL bulk paths, a
/// script, another node) can forget it. A write bumps the stamp of each (practitioner national id, source) it touches:
/// a slot by its own practitioner, a practitioner by its national id, a schedule or a place (PractitionerRole) through
/// the practitioner row it points to. An UPDATE that moves a row to another key bumps the old key as well.
/// </summary>
/// <remarks>
/// SQLite has row triggers only; PostgreSQL gets statement triggers over transition tables, so a 500-row UPDATE costs
/// one upsert per practitioner rather than one per row, taken in key order (two writers lock stamps in the same order).
/// The <c>ServedStamps</c> migration installs what this class produces: a change here needs a new migration that drops
/// and recreates the triggers, since databases already migrated keep the old ones.
/// History since the <c>ServedFetchStamps</c> migration (which drops these and installs
/// <see cref="ServedFetchStampTriggers"/>): kept unchanged so that the older migrations produce the SQL they did.
/// </remarks>
internal static class ServedStampTriggers
{
    private const string Upsert = """INSERT INTO served_stamps ("PractitionerNationalId", "SourceInstance", "Stamp")""";
    private const string OnConflict = """ON CONFLICT ("PractitionerNationalId", "SourceInstance") DO UPDATE SET "Stamp" = served_stamps."Stamp" + 1""";

    /// <summary>The tables whose rows make an answer, and how a row finds its (national id, source) key.</summary>
    private static readonly StampedTable[] Tables =
    [
        new("slots", ["SourceInstance", "PractitionerNationalId"], Through: null, NationalIdColumn: "PractitionerNationalId"),
        new("practitioners", ["SourceInstance", "NationalId"], Through: null, NationalIdColumn: "NationalId"),
        new("schedules", ["SourceInstance", "PractitionerNativeId"], Through: "PractitionerNativeId", NationalIdColumn: null),
        new("places", ["SourceInstance", "PractitionerNativeId"], Through: "PractitionerNativeId", NationalIdColumn: null),
    ];

    public static string CreateSqlite()
    {
        var sql = new StringBuilder();
        foreach (var table in Tables)
        {
            foreach (var (verb, rows) in new[] { ("INSERT", new[] { "NEW" }), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"]) })
            {
                sql.AppendLine($"CREATE TRIGGER {TriggerName(table, verb)} AFTER {verb} ON {table.Name} BEGIN");
                foreach (var row in rows)
                {
                    // An UPDATE bumps the old key only when the row moved to another one.
                    var moved = verb == "UPDATE" && row == "OLD"
                        ? " AND (" + string.Join(" OR ", table.KeyColumns.Select(c => $"""OLD."{c}" IS NOT NEW."{c}" """.TrimEnd())) + ")"
                        : "";
                    sql.AppendLine(table.Through is { } link
                        ? $"""  {Upsert} SELECT p."NationalId", p."SourceInstance", 1 FROM practitioners p WHERE p."SourceInstance" = {row}."SourceInstance" AND p."NativeId" = {row}."{link}"{moved} {OnConflict};"""
                        : $"""  {Upsert} SELECT {row}."{table.NationalIdColumn}", {row}."SourceInstance", 1 WHERE {row}."{table.NationalIdColumn}" IS NOT NULL{moved} {OnConflict};""");
                }

                sql.AppendLine("END;");
            }
        }

        return sql.ToString();
    }

    public static string DropSqlite() =>
        string.Concat(Tables.SelectMany(t => new[] { "INSERT", "UPDATE", "DELETE" }.Select(verb => $"DROP TRIGGER IF EXISTS {TriggerName(t, verb)};\n")));

    public static string CreatePostgres()
    {
        var sql = new StringBuilder();
        foreach (var table in Tables)
        {
            var function = "served_stamps_bump_" + table.Name;
            sql.AppendLine($$"""
                CREATE OR REPLACE FUNCTION {{function}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    {{Upsert}} SELECT DISTINCT k.n, k.s, 1 FROM ({{Keys(table, "new_rows")}}) k ORDER BY 1, 2 {{OnConflict}};
                  ELSIF TG_OP = 'DELETE' THEN
                    {{Upsert}} SELECT DISTINCT k.n, k.s, 1 FROM ({{Keys(table, "old_rows")}}) k ORDER BY 1, 2 {{OnConflict}};
                  ELSE
                    {{Upsert}} SELECT DISTINCT k.n, k.s, 1 FROM ({{Keys(table, "new_rows")}} UNION {{Keys(table, "old_rows")}}) k ORDER BY 1, 2 {{OnConflict}};
                  END IF;
                  RETURN NULL;
                END
                $fn$;
                CREATE TRIGGER {{TriggerName(table, "INSERT")}} AFTER INSERT ON {{table.Name}} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{function}}();
                CREATE TRIGGER {{TriggerName(table, "UPDATE")}} AFTER UPDATE ON {{table.Name}} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{function}}();
                CREATE TRIGGER {{TriggerName(table, "DELETE")}} AFTER DELETE ON {{table.Name}} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {{function}}();
                """);
        }

        return sql.ToString();
    }

    public static string DropPostgres() =>
        string.Concat(Tables.Select(t =>
            string.Concat(new[] { "INSERT", "UPDATE", "DELETE" }.Select(verb => $"DROP TRIGGER IF EXISTS {TriggerName(t, verb)} ON {t.Name};\n"))
            + $"DROP FUNCTION IF EXISTS served_stamps_bump_{t.Name}();\n"));

    private static string Keys(StampedTable table, string rows) => table.Through is { } link
        ? $"""SELECT p."NationalId" AS n, p."SourceInstance" AS s FROM {rows} r JOIN practitioners p ON p."SourceInstance" = r."SourceInstance" AND p."NativeId" = r."{link}" """.TrimEnd()
        : $"""SELECT r."{table.NationalIdColumn}" AS n, r."SourceInstance" AS s FROM {rows} r WHERE r."{table.NationalIdColumn}" IS NOT NULL""";

    private static string TriggerName(StampedTable table, string verb) => $"served_stamps_{table.Name}_{verb.ToLowerInvariant()}";

    /// <param name="Name">The table.</param>
    /// <param name="KeyColumns">The columns whose change moves a row to another stamp.</param>
    /// <param name="Through">The column naming the practitioner row (native id, same source) the key comes from, if not the row itself.</param>
    /// <param name="NationalIdColumn">The row's own national id column, when <paramref name="Through"/> is null.</param>
    private sealed record StampedTable(string Name, string[] KeyColumns, string? Through, string? NationalIdColumn);
}
