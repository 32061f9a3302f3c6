namespace Sas.Interop.Core.Sync;

/// <summary>Outcome of one sync of one connector instance.</summary>
public enum SyncRunStatus
{
    /// <summary>Every batch was fetched and stored.</summary>
    Succeeded = 0,

    /// <summary>Some batches failed; what they covered was kept as it was.</summary>
    Partial = 1,

    /// <summary>No batch succeeded; nothing was changed.</summary>
    Failed = 2,
}
