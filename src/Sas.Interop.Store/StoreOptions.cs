namespace Sas.Interop.Store;

/// <summary>Configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>SQLite connection string; the folder of the database file is created if missing.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/sas-interop.db";
}
