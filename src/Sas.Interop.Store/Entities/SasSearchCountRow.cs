namespace Sas.Interop.Store.Entities;

/// <summary>SAS searches served by the facade on one French day.</summary>
internal sealed class SasSearchCountRow
{
    public DateOnly Day { get; set; }

    public long Count { get; set; }
}
