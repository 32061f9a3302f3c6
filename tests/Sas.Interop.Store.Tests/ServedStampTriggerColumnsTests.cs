using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store.Tests;

/// <summary>
/// The <c>served_stamps</c> triggers name the columns they compare (issue #20): a column added to one of their tables
/// without a migration that recreates them would change answers without bumping any stamp, and the served-agenda cache
/// would serve the old ones. This reads the triggers a migrated database holds and compares their lists with the model.
/// </summary>
[Category("Integration")]
public sealed class ServedStampTriggerColumnsTests
{
    private static readonly Type[] Tables = [typeof(SlotRow), typeof(PractitionerRow), typeof(ScheduleRow), typeof(PlaceRow)];

    [Test]
    public async Task The_installed_triggers_compare_every_column_of_the_model_but_the_fetch_time()
    {
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await store.Contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var postgres = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            foreach (var type in Tables)
            {
                var entity = db.Model.FindEntityType(type)!;
                var table = entity.GetTableName()!;
                var columns = entity.GetProperties().Select(p => p.GetColumnName(StoreObjectIdentifier.Table(table, entity.GetSchema()))!).ToHashSet();
                var content = columns.Except(ServedFetchStampTriggers.FetchOnlyColumns).Order(StringComparer.Ordinal).ToList();
                var fetchOnly = ServedFetchStampTriggers.FetchOnlyColumns.Order(StringComparer.Ordinal).ToList();

                if (postgres)
                {
                    var source = Scalar(db, $"SELECT prosrc FROM pg_proc WHERE proname = '{ServedFetchStampTriggers.PostgresFunction(table)}'");
                    Assert.That(Compared(source, """o\."(\w+)" IS DISTINCT FROM n\."\1" """.TrimEnd()), Is.EqualTo(columns.Order(StringComparer.Ordinal).ToList()), $"{table}: the function compares content and fetch columns");
                    var contentClause = Regex.Match(source, @"WHEN (\(.*?\)) THEN 1 ELSE 0").Groups[1].Value;
                    Assert.That(Compared(contentClause, """o\."(\w+)" IS DISTINCT FROM n\."\1" """.TrimEnd()), Is.EqualTo(content), $"{table}: content columns (a new migration recreating the triggers is missing)");
                }
                else
                {
                    var update = Scalar(db, $"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '{ServedFetchStampTriggers.SqliteContentTrigger(table)}'");
                    var when = update[..update.IndexOf(" BEGIN", StringComparison.Ordinal)];
                    Assert.That(Compared(when, """OLD\."(\w+)" IS NOT NEW\."\1" """.TrimEnd()), Is.EqualTo(content), $"{table}: content columns (a new migration recreating the triggers is missing)");
                    var fetch = Scalar(db, $"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'served_stamps_{table}_fetch'");
                    var fetchWhen = fetch[..fetch.IndexOf(" BEGIN", StringComparison.Ordinal)];
                    Assert.That(Compared(fetchWhen, """OLD\."(\w+)" IS NOT NEW\."\1" """.TrimEnd()), Is.EqualTo(columns.Order(StringComparer.Ordinal).ToList()), $"{table}: the fetch trigger excludes content changes and needs a fetch change");
                }

                Assert.That(fetchOnly, Is.SubsetOf(columns), $"{table}: the fetch time is a column");
            }
        });
    }

    private static List<string> Compared(string sql, string pattern) =>
        [.. Regex.Matches(sql, pattern).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    private static string Scalar(HubDbContext db, string sql)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string ?? throw new AssertionException("not found: " + sql);
    }
}
