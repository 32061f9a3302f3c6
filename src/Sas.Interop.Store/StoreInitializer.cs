using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sas.Interop.Store;

/// <summary>Creates the database and sets SQLite for a server workload (WAL: readers never wait for the sync writer).</summary>
internal sealed class StoreInitializer(IDbContextFactory<HubDbContext> contextFactory)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.EnsureCreatedAsync(cancellationToken);
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
}
