using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sas.Interop.Store;

/// <summary>
/// Brings the database to this version's schema with the provider's EF Core migrations (Migrations/Sqlite,
/// Migrations/Postgres). On PostgreSQL the run holds a session advisory lock (below), so several nodes starting at once apply them once.
/// </summary>
/// <remarks>
/// A SQLite file made by a hub from before migrations (EnsureCreated plus a schema fingerprint table) has no
/// migration history: migrating it would fail on the first existing table, so it is refused with a message, or
/// recreated with <c>Store:RecreateOnSchemaChange</c> (the slots come back with the next syncs; pauses and
/// statistics do not, hence the opt-in).
/// </remarks>
internal sealed class StoreInitializer(IDbContextFactory<HubDbContext> contextFactory, IOptions<StoreOptions> options, ILogger<StoreInitializer> logger)
{
    private const string PreMigrationsTable = "schema_fingerprint";

    // Not a connector id (those are lower-case letters, digits and '-'), so no sync lock shares its key.
    private const string MigrationLockName = "__schema_migrations__";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite() && await IsPreMigrationsSqliteAsync(db, cancellationToken))
        {
            var where = Path.GetFullPath(new SqliteConnectionStringBuilder(options.Value.ConnectionString).DataSource);
            if (!options.Value.RecreateOnSchemaChange)
            {
                throw new StoreSchemaMismatchException(
                    $"The database '{where}' was created by a hub from before schema migrations. "
                    + "Delete the file to start afresh (slots come back with the next syncs), or set Store:RecreateOnSchemaChange=true to let the hub do it.");
            }

            logger.LogWarning("The database {Database} predates schema migrations: recreating it (Store:RecreateOnSchemaChange)", where);
            await db.Database.EnsureDeletedAsync(cancellationToken);
        }

        if (options.Value.MigrateAtStartup)
        {
            // EF Core logs each migration it applies.
            await MigrateOnceAsync(db, cancellationToken);
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                throw new StoreSchemaMismatchException(
                    $"The database lacks {pending.Count} migration(s) of this version ({string.Join(", ", pending)}) and Store:MigrateAtStartup is false: "
                    + "run `Sas.Interop.Host migrate` with the same configuration first.");
            }
        }

        if (db.Database.IsSqlite())
        {
            // Persistent in the file; synchronous and cache_size are per connection (SqlitePragmaInterceptor).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>Applies pending migrations whatever <c>Store:MigrateAtStartup</c> says (the <c>migrate</c> command).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var held = await AcquireMigrationLockAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    private async Task MigrateOnceAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        await using var held = await AcquireMigrationLockAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// On PostgreSQL, a session advisory lock around the whole migration run. EF Core's own migration lock there is a
    /// table lock held per migration transaction, and two nodes starting together on a fresh database still applied
    /// one migration twice (42701 "column … already exists"): under this lock the second node finds them applied.
    /// SQLite needs none: EF Core's lock table serialises the file's writers.
    /// </summary>
    private async Task<IAsyncDisposable?> AcquireMigrationLockAsync(HubDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? await new PostgresAdvisorySyncLock(options.Value.ConnectionString!).AcquireAsync(MigrationLockName, cancellationToken)
            : null;

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

    private static async Task<bool> IsPreMigrationsSqliteAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return false;
        }

        var found = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '{PreMigrationsTable}'")
            .SingleAsync(cancellationToken);
        return found > 0;
    }
}
