using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
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
/// With a renderer (the <see cref="AgendaWriter"/>'s) each row written gets its served JSON, rendered only when the
/// row is inserted or its content changed.
/// </summary>
internal static class SlotBulkInserter
{
    /// <summary>Ids per statement: well under SQLite's bound-parameter limit, and a list size EF's query cache sees in few variants.</summary>
    internal const int MaxIdsPerStatement = 500;

    public static async Task InsertAsync(HubDbContext db, IServedResourceRenderer? renderer, IReadOnlyList<CanonicalSlot> slots, CancellationToken cancellationToken)
    {
        if (slots.Count == 0)
        {
            return;
        }

        var rows = slots.Select(slot => ToRow(slot, renderer)).ToList();
        var table = new SlotTable(db);
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

    private static SlotRow ToRow(CanonicalSlot slot, IServedResourceRenderer? renderer)
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
    /// held with a newer <see cref="SlotRow.SourceLastUpdatedUtc"/>, or booked by the hub after the incoming slot was
    /// fetched (<see cref="SlotRow.BookedAtUtc"/>), is kept as it is. The rows held for the batch are
    /// read first (one query per 500 ids) and compared here: a slot identical but for its fetch time, and holding a
    /// rendering of the current format, only gets its fetch time refreshed, all such slots in one statement per
    /// 500 ids (the common case of a re-sync: no index touched, nothing rendered). A new or changed slot is rendered
    /// and written by a prepared <c>INSERT … ON CONFLICT DO UPDATE … WHERE</c> that carries the out-of-order guard.
    /// A native id twice in <paramref name="slots"/> fails on the unique key, as a plain insert would.
    /// A booked row differs from any incoming slot (the incoming one has no booking time), so it always goes through
    /// the guarded statement. On PostgreSQL a slot booked by another transaction between the read and the fetch-time
    /// refresh keeps its booking: the refresh touches the fetch time only.
    /// </summary>
    public static async Task<HashSet<string>> UpsertAsync(HubDbContext db, IServedResourceRenderer? renderer, IReadOnlyList<CanonicalSlot> slots, CancellationToken cancellationToken)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        if (slots.Count == 0)
        {
            return refused;
        }

        var table = new SlotTable(db);
        var rows = slots.Select(RowMapper.ToRow).ToList();
        var held = await LoadHeldAsync(db, rows, cancellationToken);
        await using var upsert = await table.PrepareAsync(db, table.UpsertSql, table.Columns, cancellationToken);
        await using var insert = await table.PrepareAsync(db, table.InsertSql, table.Columns, cancellationToken);
        var written = new HashSet<(string, string)>();
        var unchanged = new List<SlotRow>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!written.Add((row.SourceInstance, row.NativeId)))
            {
                // The duplicate meets the row just written: the plain insert raises the unique-key error.
                await insert.ExecuteAsync(row, cancellationToken);
                continue;
            }

            if (held.TryGetValue((row.SourceInstance, row.NativeId), out var current) && table.SameContent(current, row)
                && (renderer is null || ServedRenderings.IsCurrent(current.ServedJson, renderer.Format)))
            {
                unchanged.Add(row);
                continue;
            }

            // Rendered only here: an unchanged slot (the common case of a re-sync) costs no rendering.
            row.ServedJson = renderer?.Render(slots[i]);
            if (await upsert.ExecuteAsync(row, cancellationToken) == 0)
            {
                refused.Add(row.NativeId);
            }
        }

        await RefreshFetchTimesAsync(db, unchanged, cancellationToken);
        return refused;
    }

    private static async Task<Dictionary<(string, string), SlotRow>> LoadHeldAsync(HubDbContext db, List<SlotRow> rows, CancellationToken cancellationToken)
    {
        var held = new Dictionary<(string, string), SlotRow>();
        foreach (var source in rows.GroupBy(r => r.SourceInstance, StringComparer.Ordinal))
        {
            var sourceInstance = source.Key;
            foreach (var chunk in source.Select(r => r.NativeId).Distinct(StringComparer.Ordinal).Chunk(MaxIdsPerStatement))
            {
                var ids = chunk.ToList();
                foreach (var row in await db.Slots.AsNoTracking().Where(s => s.SourceInstance == sourceInstance && ids.Contains(s.NativeId)).ToListAsync(cancellationToken))
                {
                    held[(row.SourceInstance, row.NativeId)] = row;
                }
            }
        }

        return held;
    }

    // Same source and fetch time for most of a batch: one UPDATE per 500 ids.
    private static async Task RefreshFetchTimesAsync(HubDbContext db, List<SlotRow> unchanged, CancellationToken cancellationToken)
    {
        foreach (var group in unchanged.GroupBy(r => (r.SourceInstance, r.FetchedAtUtc)))
        {
            var (sourceInstance, fetchedAtUtc) = group.Key;
            foreach (var chunk in group.Select(r => r.NativeId).Chunk(MaxIdsPerStatement))
            {
                var ids = chunk.ToList();
                await db.Slots.Where(s => s.SourceInstance == sourceInstance && ids.Contains(s.NativeId))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.FetchedAtUtc, fetchedAtUtc), cancellationToken);
            }
        }
    }

    /// <summary>The slots table as the EF model describes it, and the three statements written from it.</summary>
    private sealed class SlotTable
    {
        public SlotTable(HubDbContext db)
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

            // The newest fact wins, checked in the statement itself so nothing can slip in between: an incoming slot
            // older (by meta.lastUpdated) than the row held, or fetched before the hub booked the row, leaves it as it is.
            var booked = sql.DelimitIdentifier(nameof(SlotRow.BookedAtUtc));

            // Derived from the place and schedule after the write (UnavailabilityWithholding): an update keeps it.
            var unavailable = sql.DelimitIdentifier(nameof(SlotRow.Unavailable));
            UpsertSql = InsertSql
                + $" ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET "
                + string.Join(", ", Columns.Where(c => !key.Contains(c.Name) && c.Name != unavailable).Select(c => $"{c.Name} = excluded.{c.Name}"))
                + $" WHERE ({name}.{version} IS NULL OR excluded.{version} IS NULL OR excluded.{version} >= {name}.{version})"
                + $" AND ({name}.{booked} IS NULL OR excluded.{fetched} >= {name}.{booked})";

            // What a re-sync compares: every column but the fetch time and the rendering (derived from the others).
            ContentColumns = [.. Columns.Where(c => c.Name != fetched && c.Name != served && c.Name != unavailable)];
        }

        public string Name { get; }

        public IReadOnlyList<Column> Columns { get; }

        public IReadOnlyList<Column> ContentColumns { get; }

        public string InsertSql { get; }

        public string UpsertSql { get; }

        /// <summary>Whether two rows differ in nothing but their fetch time and rendering (values as stored).</summary>
        public bool SameContent(SlotRow held, SlotRow incoming)
        {
            foreach (var column in ContentColumns)
            {
                if (!Equals(column.ValueOf(held), column.ValueOf(incoming)))
                {
                    return false;
                }
            }

            return true;
        }

        public async Task<PreparedRowCommand> PrepareAsync(HubDbContext db, string commandText, IReadOnlyList<Column> columns, CancellationToken cancellationToken)
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
