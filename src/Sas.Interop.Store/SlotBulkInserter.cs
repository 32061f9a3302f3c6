using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// Inserts a batch's slots with one prepared INSERT reused for every row, inside the caller's transaction.
/// EF's change tracker costs about a millisecond per ten slots on this path (the ingest benchmark put the store
/// at two thirds of a sync); a prepared statement in one transaction is the pattern SQLite is fastest at.
/// Table, column names and quoting come from the EF model, so the SQL stays provider-neutral. On PostgreSQL the
/// equivalent is Npgsql's binary COPY (one round trip for the batch, typed by the model's column types).
/// </summary>
internal static class SlotBulkInserter
{
    public static async Task InsertAsync(HubDbContext db, IReadOnlyList<SlotRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(SlotRow))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never && p.PropertyInfo is not null)
            .Select(p => (Name: p.GetColumnName(table)!, Property: p.PropertyInfo!))
            .ToList();

        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, sql.DelimitIdentifier(table.Name, table.Schema), entity, table, rows, cancellationToken);
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        var parameters = new DbParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@p" + i;
            command.Parameters.Add(parameters[i]);
        }

        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = Value(columns[i].Property, row);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string tableName, IEntityType entity, StoreObjectIdentifier table, IReadOnlyList<SlotRow> rows, CancellationToken cancellationToken)
    {
        var columns = entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never && p.PropertyInfo is not null)
            .Select(p => (Name: p.GetColumnName(table)!, Type: p.GetColumnType(), Property: p.PropertyInfo!, Converter: p.GetTypeMapping().Converter))
            .ToList();
        var copy = $"COPY {tableName} ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.Property.GetValue(row);
                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    // The model's converters (UTC kind for timestamptz) apply here too.
                    await writer.WriteAsync(column.Converter?.ConvertToProvider(value) ?? value, column.Type, cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static object Value(PropertyInfo property, SlotRow row) => property.GetValue(row) ?? DBNull.Value;
}
