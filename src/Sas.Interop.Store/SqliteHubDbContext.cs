using Microsoft.EntityFrameworkCore;

namespace Sas.Interop.Store;

/// <summary>The store on SQLite; its migrations are in <c>Migrations/Sqlite</c>.</summary>
internal sealed class SqliteHubDbContext(DbContextOptions<SqliteHubDbContext> options) : HubDbContext(options);
