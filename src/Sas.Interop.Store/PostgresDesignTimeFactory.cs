using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sas.Interop.Store;

/// <summary>The PostgreSQL migration set's design-time context.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHubDbContext>
{
    public PostgresHubDbContext CreateDbContext(string[] args) =>
        new(StoreDatabase.Configure(new DbContextOptionsBuilder<PostgresHubDbContext>(), StoreProvider.Postgres, "Host=127.0.0.1;Database=design_time").Options);
}
