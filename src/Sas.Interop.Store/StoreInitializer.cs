using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sas.Interop.Store;

/// <summary>
/// Creates the database, and refuses one created by a hub with another schema: <c>EnsureCreated</c> would
/// otherwise leave the old tables in place and every later query would fail on a missing column.
/// </summary>
/// <remarks>
/// The schema is fingerprinted by the hash of its create script, kept in a one-row table. Until versioned
/// migrations exist, a changed schema means starting afresh; the slots are a copy of the publishers' agendas and
/// come back with the next syncs, but admin state (pauses, statistics) would not, hence the opt-in.
/// </remarks>
internal sealed class StoreInitializer(IDbContextFactory<HubDbContext> contextFactory, IOptions<StoreOptions> options, ILogger<StoreInitializer> logger)
{
    private const string FingerprintTable = "schema_fingerprint";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var expected = Fingerprint(db.Database.GenerateCreateScript());
        if (!await db.Database.EnsureCreatedAsync(cancellationToken))
        {
            var found = await ReadFingerprintAsync(db, cancellationToken);
            if (found != expected)
            {
                var where = new SqliteConnectionStringBuilder(options.Value.ConnectionString).DataSource;
                if (!options.Value.RecreateOnSchemaChange)
                {
                    throw new StoreSchemaMismatchException(
                        $"The database '{Path.GetFullPath(where)}' was created by another version of the hub (schema {found ?? "unknown"}, this version expects {expected}). "
                        + "Delete the file to start afresh (slots come back with the next syncs), or set Store:RecreateOnSchemaChange=true to let the hub do it.");
                }

                logger.LogWarning("The database {Database} has schema {Found}, not {Expected}: recreating it (Store:RecreateOnSchemaChange)", where, found ?? "unknown", expected);
                await db.Database.EnsureDeletedAsync(cancellationToken);
                await db.Database.EnsureCreatedAsync(cancellationToken);
                await WriteFingerprintAsync(db, expected, cancellationToken);
            }
        }
        else
        {
            await WriteFingerprintAsync(db, expected, cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Persistent in the file; synchronous and cache_size are per connection (SqlitePragmaInterceptor).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public static void EnsureDatabaseFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    private static string Fingerprint(string createScript) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(createScript.ReplaceLineEndings("\n"))).AsSpan(0, 8));

    private static async Task<string?> ReadFingerprintAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            var values = await db.Database.SqlQueryRaw<string>($"SELECT value AS \"Value\" FROM {FingerprintTable}").ToListAsync(cancellationToken);
            return values.Count == 1 ? values[0] : null;
        }
        catch (SqliteException)
        {
            // No fingerprint table: a database from before fingerprints, or not the hub's at all.
            return null;
        }
    }

    private static async Task WriteFingerprintAsync(HubDbContext db, string fingerprint, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync($"CREATE TABLE IF NOT EXISTS {FingerprintTable} (value TEXT NOT NULL)", cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM {FingerprintTable}", cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"INSERT INTO {FingerprintTable} (value) VALUES ({{0}})", [fingerprint], cancellationToken);
    }
}
