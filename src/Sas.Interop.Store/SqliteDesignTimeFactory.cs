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
