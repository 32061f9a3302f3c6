namespace Sas.Interop.Store.Entities;

/// <summary>A row keyed by (source instance, native id), the unique key of every canonical table.</summary>
internal interface ISourceRow
{
    string SourceInstance { get; }

    string NativeId { get; }
}
