namespace Sas.Interop.Core.Sync;

/// <summary>The kinds of roster key, read from the prefix of the national id.</summary>
public static class RosterKeyKinds
{
    public const string Rpps = "RPPS";
    public const string Adeli = "ADELI";
    public const string Siret = "SIRET";

    /// <summary>A structure's FINESS (<c>1</c>+FINESS): structure agendas (centres de santé, MSP).</summary>
    public const string Finess = "FINESS";

    /// <summary>An establishment's staff id (<c>3</c>+FINESS+<c>/</c>+local id), accepted in configuration.</summary>
    public const string Staff = "STAFF";

    /// <summary>The kind of a normalised key of a roster of <paramref name="scope"/>.</summary>
    public static string Of(string nationalId, SyncScopeKind scope)
    {
        ArgumentNullException.ThrowIfNull(nationalId);
        if (scope == SyncScopeKind.Organization)
        {
            return nationalId.StartsWith('1') ? Finess : Siret;
        }

        return nationalId.StartsWith('8') ? Rpps : nationalId.StartsWith('0') ? Adeli : Staff;
    }

    /// <summary>Whether a key of this kind can stand in a roster of <paramref name="scope"/>.</summary>
    public static bool Fits(string kind, SyncScopeKind scope) =>
        scope == SyncScopeKind.Organization ? kind is Siret or Finess : kind is Rpps or Adeli or Staff;
}
