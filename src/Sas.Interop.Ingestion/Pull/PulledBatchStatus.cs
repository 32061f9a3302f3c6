namespace Sas.Interop.Ingestion.Pull;

/// <summary>What became of one batch a connector returned.</summary>
internal enum PulledBatchStatus
{
    /// <summary>Normalised and written (a snapshot replaced its scope, or changes were upserted).</summary>
    Stored,

    /// <summary>The normaliser threw (it reports bad values per resource, so this is a bug): nothing written.</summary>
    NotNormalized,

    /// <summary>A snapshot whose slot count collapsed against what the scope holds: not applied, its previous slots kept.</summary>
    Suspicious,

    /// <summary>The store failed: its previous data kept.</summary>
    NotStored,
}
