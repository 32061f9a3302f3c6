namespace Sas.Interop.Store.Entities;

/// <summary>A row keyed by (source instance, native id), the unique key of every canonical table.</summary>
internal interface ISourceRow
{
    string SourceInstance { get; }

    string NativeId { get; }

    /// <summary>
    /// The hub's version of a pushed resource (FHIR <c>meta.versionId</c>, <c>ETag</c>): 1 when created, + 1 each time
    /// its content changes. Also the optimistic concurrency token, so a write based on a stale version updates no
    /// row, on any node. Null for pulled data: the hub keeps no versions of a copy it replaces wholesale.
    /// </summary>
    long? Version { get; set; }

    /// <summary>When the current <see cref="Version"/> was written (FHIR <c>lastModified</c>); null with it.</summary>
    DateTime? VersionedAtUtc { get; set; }
}
