namespace Sas.Interop.Store;

/// <summary>Configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary><c>sqlite</c> (default: one node, one file) or <c>postgres</c> (several nodes on one database).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// SQLite (<c>Data Source=…</c>; the folder of the file is created) or PostgreSQL (<c>Host=…;Database=…;Username=…</c>)
    /// connection string.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/sas-interop.db";

    /// <summary>
    /// Apply pending migrations at start-up (default true). False: the hub refuses to start on a database that
    /// lacks a migration, and <c>Sas.Interop.Host migrate</c> applies them (a deployment step with a schema-owner role).
    /// </summary>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>
    /// SQLite only: delete and recreate a database created before migrations existed (default false: the hub
    /// refuses to start and says why). The demo sets it.
    /// </summary>
    public bool RecreateOnSchemaChange { get; set; }
}
