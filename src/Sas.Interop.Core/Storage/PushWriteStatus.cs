namespace Sas.Interop.Core.Storage;

/// <summary>What a push write did to one resource.</summary>
public enum PushWriteStatus
{
    /// <summary>Stored for the first time, version 1.</summary>
    Created,

    /// <summary>Its content changed: version + 1.</summary>
    Updated,

    /// <summary>Same content as stored (a replay): version kept, only the received time refreshed.</summary>
    Unchanged,

    /// <summary>A slot removed.</summary>
    Deleted,

    /// <summary>A deletion of a slot the source does not hold.</summary>
    NotFound,

    /// <summary>The expected version (If-Match) is not the stored one, or nothing is stored: nothing written.</summary>
    VersionConflict,
}
