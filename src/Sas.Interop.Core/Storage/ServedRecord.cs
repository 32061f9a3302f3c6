namespace Sas.Interop.Core.Storage;

/// <summary>A stored record as the facade serves it: its key, its fetch time and its rendering.</summary>
/// <param name="SourceInstance">Connector instance (or pushing publisher) the record came from.</param>
/// <param name="NativeId">The publisher's own id for the resource.</param>
/// <param name="FetchedAt">When the hub fetched (or received) it: served as <c>meta.lastUpdated</c>.</param>
/// <param name="Rendering">What <see cref="IServedResourceRenderer"/> made of the record (current format).</param>
public sealed record ServedRecord(string SourceInstance, string NativeId, DateTimeOffset FetchedAt, byte[] Rendering);
