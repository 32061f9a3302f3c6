using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sas.Interop.Store;

/// <summary>
/// What <c>dotnet ef migrations add</c> builds the model from (regenerate-migrations.sh). No database is opened:
/// the connection strings only pick the provider.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHubDbContext>
{
    public SqliteHubDbContext CreateDbContext(string[] args) =>
        new(StoreDatabase.Configure(new DbContextOptionsBuilder<SqliteHubDbContext>(), StoreProvider.Sqlite, "Data Source=design-time.db").Options);
}

/// <summary>The PostgreSQL migration set's design-time context.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHubDbContext>
{
    public PostgresHubDbContext CreateDbContext(string[] args) =>
        new(StoreDatabase.Configure(new DbContextOptionsBuilder<PostgresHubDbContext>(), StoreProvider.Postgres, "Host=127.0.0.1;Database=design_time").Options);
}
