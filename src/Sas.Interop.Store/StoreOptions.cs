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

    /// <summary>
    /// Memory for the served-agenda cache, in MiB (default 256; 0 turns it off): the renderings of recently asked
    /// practitioners, so that a PS-individuel search reads one small table instead of their slots. Entries are checked
    /// against the database on every search (stamps bumped by triggers on every write, on every node), so the cache
    /// never serves stale data; its size only decides how often a search reads the slots.
    /// </summary>
    public int ServedCacheMegabytes { get; set; } = 256;
}
