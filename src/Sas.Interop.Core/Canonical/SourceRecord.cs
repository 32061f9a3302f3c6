namespace Sas.Interop.Core.Canonical;

/// <summary>
/// What every canonical record carries: where it came from (connector instance and the publisher's own id)
/// and its two clocks — when the source says it was valid, and when the hub fetched it.
/// </summary>
public abstract record SourceRecord
{
    /// <summary>Connector instance (or pushing publisher) the record came from.</summary>
    public required string SourceInstance { get; init; }

    /// <summary>The publisher's own logical id for the resource.</summary>
    public required string NativeId { get; init; }

    /// <summary>When the source says the data was valid (<c>meta.lastUpdated</c>), if it said.</summary>
    public DateTimeOffset? SourceLastUpdated { get; init; }

    /// <summary>When the hub fetched (or received) it.</summary>
    public DateTimeOffset FetchedAt { get; init; }

    /// <summary>The hub's version of a pushed resource (served as <c>meta.versionId</c>); null for pulled data.</summary>
    public long? Version { get; init; }
}
