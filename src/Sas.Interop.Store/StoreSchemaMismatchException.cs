namespace Sas.Interop.Store;

/// <summary>The database was created by a hub with another schema; nothing was changed in it.</summary>
public sealed class StoreSchemaMismatchException : Exception
{
    public StoreSchemaMismatchException(string message)
        : base(message)
    {
    }

    public StoreSchemaMismatchException()
    {
    }

    public StoreSchemaMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
