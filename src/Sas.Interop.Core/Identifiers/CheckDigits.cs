namespace Sas.Interop.Core.Identifiers;

/// <summary>Check digits of French national identifiers (RPPS, SIREN and SIRET keys use the Luhn algorithm).</summary>
public static class CheckDigits
{
    /// <summary>The digit that makes <paramref name="body"/> followed by it pass the Luhn check.</summary>
    public static char Luhn(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new ArgumentException($"'{body}' is not all digits.", nameof(body));
            }

            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
