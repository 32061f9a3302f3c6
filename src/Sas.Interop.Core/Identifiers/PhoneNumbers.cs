using System.Text;

namespace Sas.Interop.Core.Identifiers;

/// <summary>Normalises French phone numbers to the <c>+33XXXXXXXXX</c> form the IG requires.</summary>
public static class PhoneNumbers
{
    /// <summary>
    /// Returns <c>+33</c> followed by nine digits for a French number written nationally (<c>06 58 91 38 59</c>),
    /// with <c>0033</c>, or with <c>+33</c> and separators; other international numbers are returned as
    /// <c>+</c> and digits; <c>null</c> when the value holds no phone number.
    /// </summary>
    public static string? ToInternational(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var trimmed = raw.Trim();
        var digits = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '.' or '-' or '/' or '(' or ')' or '+' or '\u00A0'))
            {
                return null;
            }
        }

        var d = digits.ToString();
        var international = trimmed.StartsWith('+');
        if (!international && d.StartsWith("00", StringComparison.Ordinal))
        {
            d = d[2..];
            international = true;
        }

        if (international)
        {
            // "+33 (0)6 …" is common: drop the trunk zero after the country code.
            if (d.StartsWith("330", StringComparison.Ordinal) && d.Length == 12)
            {
                d = "33" + d[3..];
            }

            return d.Length is >= 8 and <= 15 ? "+" + d : null;
        }

        if (d.Length == 10 && d[0] == '0')
        {
            return "+33" + d[1..];
        }

        if (d.Length == 9 && d[0] != '0')
        {
            return "+33" + d;
        }

        return null;
    }
}
