using System.Globalization;
using System.Text;

namespace Sas.Interop.Core.Statistics;

/// <summary>
/// Department and commune of a place, derived offline from its postal code and city (the hub has no INSEE
/// table yet): department = first two digits of the postal code (three for overseas 97x, 2A/2B for Corsica);
/// commune = postal code + '-' + city upper-cased without accents or punctuation, e.g. <c>47000-AGEN</c>.
/// A postal code can cover several communes and a commune several postal codes, so this key is stable and
/// readable but is not the INSEE code.
/// </summary>
public static class CommuneKeys
{
    public const string Method = "department = postal code prefix (97x overseas, 2A/2B Corsica); commune = postal code + '-' + normalised city (no INSEE table)";

    public static string? Department(string? postalCode)
    {
        var code = postalCode?.Trim();
        if (code is null || code.Length != 5 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        // Corsica: 200xx and 201xx are Corse-du-Sud (2A); 202xx to 206xx Haute-Corse (2B).
        if (code.StartsWith("20", StringComparison.Ordinal))
        {
            return code[2] is '0' or '1' ? "2A" : "2B";
        }

        return code.StartsWith("97", StringComparison.Ordinal) ? code[..3] : code[..2];
    }

    public static string? Commune(string? postalCode, string? city)
    {
        var code = postalCode?.Trim();
        if (string.IsNullOrEmpty(code) || Department(code) is null)
        {
            return null;
        }

        var name = NormalizeCity(city);
        return name.Length == 0 ? code : code + "-" + name;
    }

    /// <summary>Upper case, accents removed, runs of anything but letters and digits collapsed to one '-'.</summary>
    public static string NormalizeCity(string? city)
    {
        if (string.IsNullOrWhiteSpace(city))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(city.Length);
        var pendingDash = false;
        foreach (var c in city.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                builder.Append(char.ToUpperInvariant(c));
            }
            else
            {
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>True when a place with this postal code and city matches a commune filter (a commune key or a bare postal code).</summary>
    public static bool Matches(string filter, string? postalCode, string? city)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var wanted = filter.Trim();
        return wanted.Length == 5 && wanted.All(char.IsAsciiDigit)
            ? string.Equals(wanted, postalCode?.Trim(), StringComparison.Ordinal)
            : string.Equals(wanted, Commune(postalCode, city), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The postal code a commune filter names (its first five characters).</summary>
    public static string PostalCodeOf(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var wanted = filter.Trim();
        return wanted.Length >= 5 ? wanted[..5] : wanted;
    }
}
