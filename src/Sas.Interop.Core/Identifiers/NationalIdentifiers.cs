using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Sas.Interop.Core.Identifiers;

/// <summary>
/// Normalises practitioner and structure national identifiers to the prefixed form the IG requires,
/// whatever form the publisher or the SAS sent (bare or prefixed, with stray spaces).
/// </summary>
public static partial class NationalIdentifiers
{
    /// <summary>
    /// Prefixed practitioner id: 11-digit RPPS → <c>8</c>+RPPS; 9-digit ADELI → <c>0</c>+ADELI;
    /// already prefixed values (12 digits starting with 8, 10 digits starting with 0) unchanged;
    /// establishment-staff ids of the form <c>3</c>+FINESS+<c>/</c>+local id unchanged.
    /// </summary>
    public static bool TryNormalizePractitioner(string? raw, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var value = Clean(raw);
        if (value.Length == 0)
        {
            error = "The practitioner national identifier is empty.";
            return false;
        }

        if (AllDigits(value))
        {
            switch (value.Length)
            {
                case 11:
                    normalized = "8" + value;
                    error = null;
                    return true;
                case 12 when value[0] == '8':
                    normalized = value;
                    error = null;
                    return true;
                case 9:
                    normalized = "0" + value;
                    error = null;
                    return true;
                case 10 when value[0] == '0':
                    normalized = value;
                    error = null;
                    return true;
            }
        }
        else if (StaffIdPattern().IsMatch(value))
        {
            normalized = value;
            error = null;
            return true;
        }

        error = $"'{value}' is not a practitioner national identifier: expected an RPPS (11 digits, or 12 with the '8' prefix) or an ADELI (9 digits, or 10 with the '0' prefix).";
        return false;
    }

    /// <summary>Like <see cref="TryNormalizePractitioner"/>, throwing <see cref="IdentifierNormalizationException"/>.</summary>
    public static string NormalizePractitioner(string? raw) =>
        TryNormalizePractitioner(raw, out var normalized, out var error) ? normalized : throw new IdentifierNormalizationException(error);

    /// <summary>
    /// Prefixed structure id: 9-character FINESS → <c>1</c>+FINESS (Corsican 2A/2B accepted);
    /// 14-digit SIRET → <c>3</c>+SIRET; prefixed values (1+9, 3+14, 4+RPPS rang, 0+ADELI rang) unchanged.
    /// </summary>
    public static bool TryNormalizeStructure(string? raw, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var value = Clean(raw);
        if (value.Length == 0)
        {
            error = "The structure national identifier is empty.";
            return false;
        }

        if (FinessPattern().IsMatch(value))
        {
            normalized = "1" + value;
        }
        else if (value.Length == 14 && AllDigits(value))
        {
            normalized = "3" + value;
        }
        else if ((value.Length == 10 && value[0] == '1' && FinessPattern().IsMatch(value[1..]))
            || (value.Length == 15 && value[0] == '3' && AllDigits(value))
            || (value.Length >= 2 && (value[0] == '4' || value[0] == '0') && AllDigits(value)))
        {
            normalized = value;
        }

        if (normalized is not null)
        {
            error = null;
            return true;
        }

        error = $"'{value}' is not a structure national identifier: expected a FINESS (9 characters, or 10 with the '1' prefix), a SIRET (14 digits, or 15 with the '3' prefix) or a prefixed RPPS/ADELI rang.";
        return false;
    }

    /// <summary>Like <see cref="TryNormalizeStructure"/>, throwing <see cref="IdentifierNormalizationException"/>.</summary>
    public static string NormalizeStructure(string? raw) =>
        TryNormalizeStructure(raw, out var normalized, out var error) ? normalized : throw new IdentifierNormalizationException(error);

    /// <summary>Prefixed SIRET only (SOS Médecins associations): <c>3</c> followed by 14 digits.</summary>
    public static bool TryNormalizeSiret(string? raw, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        var value = Clean(raw);
        if (value.Length == 14 && AllDigits(value))
        {
            normalized = "3" + value;
            error = null;
            return true;
        }

        if (value.Length == 15 && value[0] == '3' && AllDigits(value))
        {
            normalized = value;
            error = null;
            return true;
        }

        normalized = null;
        error = $"'{value}' is not a SIRET: expected 14 digits, or 15 with the '3' prefix.";
        return false;
    }

    // Publishers paste ids with spaces, dots or non-breaking spaces from their own screens.
    private static string Clean(string? raw) =>
        raw is null ? string.Empty : SeparatorPattern().Replace(raw.Trim(), string.Empty);

    private static bool AllDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    [GeneratedRegex(@"[\s\u00A0\.]")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"^(?:\d{9}|2[AB]\d{7})$", RegexOptions.IgnoreCase)]
    private static partial Regex FinessPattern();

    [GeneratedRegex(@"^3\w{9}/\w+$")]
    private static partial Regex StaffIdPattern();
}
