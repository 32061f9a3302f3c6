namespace Sas.Interop.Store;

/// <summary>Configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>SQLite connection string; the folder of the database file is created if missing.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/sas-interop.db";

    /// <summary>
    /// Delete and recreate a database whose schema is not this version's (default false: the hub refuses to start
    /// and says why). The demo sets it.
    /// </summary>
    public bool RecreateOnSchemaChange { get; set; }
}
