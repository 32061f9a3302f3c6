namespace Sas.Interop.Core.Sync;

/// <summary>What the keys of a <see cref="SyncScope"/> are.</summary>
public enum SyncScopeKind
{
    /// <summary>Prefixed practitioner national ids (PS individuel and CPTS flows).</summary>
    Practitioner = 0,

    /// <summary>Prefixed structure ids of SOS Médecins associations (3+SIRET).</summary>
    Organization = 1,
}
