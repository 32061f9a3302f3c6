using System.Diagnostics.CodeAnalysis;

namespace Sas.Interop.Core.Identifiers;

/// <summary>The structure ids an agenda without a practitioner is searched and rostered by.</summary>
public static partial class NationalIdentifiers
{
    /// <summary>
    /// A structure agenda's key: a FINESS (<c>1</c>+FINESS) or a SIRET (<c>3</c>+SIRET), bare or prefixed; an RPPS or
    /// ADELI rang (prefixes 4, 0) names a practitioner's activity, not a structure with an agenda of its own.
    /// </summary>
    public static bool TryNormalizeFinessOrSiret(string? raw, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        if (TryNormalizeStructure(raw, out normalized, out error) && normalized[0] is '1' or '3')
        {
            return true;
        }

        normalized = null;
        error = $"'{Clean(raw)}' is not a FINESS or a SIRET: expected a FINESS (9 characters, or 10 with the '1' prefix) or a SIRET (14 digits, or 15 with the '3' prefix).";
        return false;
    }
}
