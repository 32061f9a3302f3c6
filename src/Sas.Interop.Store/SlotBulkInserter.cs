using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// Writes a batch's slots with prepared statements reused for every row, inside the caller's transaction.
/// EF's change tracker costs about a millisecond per ten slots on this path (the ingest benchmark put the store
/// at two thirds of a sync); a prepared statement in one transaction is the pattern SQLite is fastest at.
/// Table, column names and quoting come from the EF model, so the SQL stays provider-neutral
/// (<c>ON CONFLICT … DO UPDATE … WHERE</c> and <c>IS NOT DISTINCT FROM</c> are SQLite and PostgreSQL syntax alike),
/// and values go through the model's converters (UTC kind for PostgreSQL's timestamptz). A plain insert on
/// PostgreSQL is Npgsql's binary COPY instead (one round trip for the batch).
/// With a renderer configured (<see cref="HubDbContext.ServedRenderer"/>) each row written gets its served JSON,
/// rendered only when the row is inserted or its content changed.
/// </summary>
internal static class SlotBulkInserter
{
    public static async Task InsertAsync(HubDbContext db, IReadOnlyList<CanonicalSlot> slots, CancellationToken cancellationToken)
    {
        if (slots.Count == 0)
        {
            return;
        }

        var renderer = db.ServedRenderer;
        var rows = slots.Select(slot => ToRow(slot, renderer)).ToList();
        var table = new SlotTable(db, renderer);
        if (db.Database.GetDbConnection() is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, table, rows, cancellationToken);
            return;
        }

        await using var insert = await table.PrepareAsync(db, table.InsertSql, table.Columns, cancellationToken);
        foreach (var row in rows)
        {
            await insert.ExecuteAsync(row, cancellationToken);
        }
    }

    private static SlotRow ToRow(CanonicalSlot slot, Core.Storage.IServedResourceRenderer? renderer)
    {
        var row = RowMapper.ToRow(slot);
        row.ServedJson = renderer?.Render(slot);
        return row;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, SlotTable table, IReadOnlyList<SlotRow> rows, CancellationToken cancellationToken)
    {
        var copy = $"COPY {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in table.Columns)
            {
                if (column.ValueOf(row) is { } value and not DBNull)
                {
                    await writer.WriteAsync(value, column.StoreType, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts or updates each row by (source, native id) and returns the native ids refused as out of order: a row
    /// held with a newer <see cref="SlotRow.SourceLastUpdatedUtc"/> is kept as it is. A row identical but for its
    /// fetch time only gets its fetch time refreshed, which leaves every index untouched (the common case of a
    /// re-sync); a delete and re-insert rewrote three index entries and the row for each slot, every sync.
    /// A native id twice in <paramref name="slots"/> fails on the unique key, as a plain insert would.
    /// </summary>
    public static async Task<HashSet<string>> UpsertAsync(HubDbContext db, IReadOnlyList<CanonicalSlot> slots, CancellationToken cancellationToken)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        if (slots.Count == 0)
        {
            return refused;
        }

        var renderer = db.ServedRenderer;
        var table = new SlotTable(db, renderer);
        await using var touch = await table.PrepareAsync(db, table.TouchSql, table.TouchColumns, cancellationToken, renderer is null ? null : [renderer.Format]);
        await using var upsert = await table.PrepareAsync(db, table.UpsertSql, table.Columns, cancellationToken);
        await using var insert = await table.PrepareAsync(db, table.InsertSql, table.Columns, cancellationToken);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slot in slots)
        {
            var row = RowMapper.ToRow(slot);
            if (!written.Add(row.NativeId))
            {
                // The duplicate meets the row just written: the plain insert raises the unique-key error.
                await insert.ExecuteAsync(row, cancellationToken);
                continue;
            }

            if (await touch.ExecuteAsync(row, cancellationToken) == 1)
            {
                continue;
            }

            // Rendered only here: an unchanged slot (the common case of a re-sync) costs no rendering.
            row.ServedJson = renderer?.Render(slot);
            if (await upsert.ExecuteAsync(row, cancellationToken) == 0)
            {
                refused.Add(row.NativeId);
            }
        }

        return refused;
    }

    /// <summary>The slots table as the EF model describes it, and the three statements written from it.</summary>
    private sealed class SlotTable
    {
        public SlotTable(HubDbContext db, Core.Storage.IServedResourceRenderer? renderer)
        {
            var entity = db.Model.FindEntityType(typeof(SlotRow))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            Columns = entity.GetProperties()
                .Where(p => p.ValueGenerated == ValueGenerated.Never && p.PropertyInfo is not null)
                .Select(p => new Column(sql.DelimitIdentifier(p.GetColumnName(table)!), p.GetColumnType(), p.PropertyInfo!, p.GetTypeMapping().Converter))
                .ToList();
            var name = sql.DelimitIdentifier(table.Name, table.Schema);
            Name = name;
            var key = entity.GetIndexes().Single(i => i.IsUnique).Properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)).ToList();
            var fetched = sql.DelimitIdentifier(nameof(SlotRow.FetchedAtUtc));
            var version = sql.DelimitIdentifier(nameof(SlotRow.SourceLastUpdatedUtc));
            var served = sql.DelimitIdentifier(nameof(SlotRow.ServedJson));
            var parameters = Columns.Select((_, i) => "@p" + i).ToList();

            InsertSql = $"INSERT INTO {name} ({string.Join(", ", Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", parameters)})";

            // The out-of-order guard of the snapshot path, in the statement itself: nothing can slip in between.
            UpsertSql = InsertSql
                + $" ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET "
                + string.Join(", ", Columns.Where(c => !key.Contains(c.Name)).Select(c => $"{c.Name} = excluded.{c.Name}"))
                + $" WHERE {name}.{version} IS NULL OR excluded.{version} IS NULL OR excluded.{version} >= {name}.{version}";

            // Every content column compared null-safely (IS): equal rows only get the new fetch time. The rendering is
            // derived from the content, so it is not compared; with a renderer, a row must hold one of the current
            // format (its first byte) to be left as it is, so rows written before (or by an older mapping) get one.
            TouchColumns = [.. Columns.Where(c => c.Name == fetched), .. Columns.Where(c => c.Name != fetched && c.Name != served)];
            TouchSql = $"UPDATE {name} SET {fetched} = @p0 WHERE "
                + string.Join(" AND ", TouchColumns.Skip(1).Select((c, i) => key.Contains(c.Name) ? $"{c.Name} = @p{i + 1}" : $"{c.Name} IS NOT DISTINCT FROM @p{i + 1}"))
                + (renderer is null ? string.Empty : $" AND substr({served}, 1, 1) = @p{TouchColumns.Count}");
        }

        public string Name { get; }

        public IReadOnlyList<Column> Columns { get; }

        public IReadOnlyList<Column> TouchColumns { get; }

        public string InsertSql { get; }

        public string UpsertSql { get; }

        public string TouchSql { get; }

        // constant: bound once after the row's columns (the touch's rendering format).
        public async Task<PreparedRowCommand> PrepareAsync(HubDbContext db, string commandText, IReadOnlyList<Column> columns, CancellationToken cancellationToken, byte[]? constant = null)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = commandText;
            var parameters = new DbParameter[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i] = command.CreateParameter();
                parameters[i].ParameterName = "@p" + i;
                command.Parameters.Add(parameters[i]);
            }

            if (constant is not null)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + columns.Count;
                parameter.Value = constant;
                command.Parameters.Add(parameter);
            }

            // Npgsql prepares from the first execution's parameter types (unset parameters have none yet).
            if (command is not NpgsqlCommand)
            {
                await command.PrepareAsync(cancellationToken);
            }

            return new PreparedRowCommand(command, parameters, columns);
        }
    }

    private sealed record Column(string Name, string StoreType, PropertyInfo Property, ValueConverter? Converter)
    {
        public object ValueOf(SlotRow row) => Property.GetValue(row) is { } value ? Converter?.ConvertToProvider(value) ?? value : DBNull.Value;
    }

    /// <summary>One prepared statement, its parameters bound from a row's properties in column order.</summary>
    private sealed class PreparedRowCommand(DbCommand command, DbParameter[] parameters, IReadOnlyList<Column> columns) : IAsyncDisposable
    {
        public Task<int> ExecuteAsync(SlotRow row, CancellationToken cancellationToken)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].ValueOf(row);
            }

            return command.ExecuteNonQueryAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
