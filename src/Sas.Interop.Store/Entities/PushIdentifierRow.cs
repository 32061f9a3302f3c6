namespace Sas.Interop.Store.Entities;

/// <summary>
/// Which native id a publisher's conditional identifier (<c>PUT/DELETE Type?identifier=system|value</c>) names: the
/// key is (source, type, system, value), so two systems with one value are two resources. Unique both ways, so two
/// nodes racing to name one identifier (or one id) cannot both win. A row outlives the resource's deletion: the
/// identifier keeps its id if it is written again.
/// </summary>
internal sealed class PushIdentifierRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string ResourceType { get; set; }

    /// <summary>The identifier's system; empty when it has none (<c>identifier=|value</c>).</summary>
    public required string System { get; set; }

    public required string Value { get; set; }

    public required string NativeId { get; set; }
}
