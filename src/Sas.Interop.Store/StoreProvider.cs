namespace Sas.Interop.Store;

/// <summary>The database engines the store runs on.</summary>
internal enum StoreProvider
{
    Sqlite,
    Postgres,
}
