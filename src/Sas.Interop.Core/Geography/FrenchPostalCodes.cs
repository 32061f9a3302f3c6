namespace Sas.Interop.Core.Geography;

/// <summary>
/// What a French postal code can be: five ASCII digits whose prefix is a department (01–95, Corsica included as
/// 20xxx), an overseas department or collectivity (971–978) or 98x (980 Monaco, 984 TAAF, 986 Wallis-et-Futuna,
/// 987 French Polynesia, 988 New Caledonia). 00xxx, 96xxx, 99xxx and the other 97x/98x prefixes are allocated to none.
/// </summary>
public static class FrenchPostalCodes
{
    /// <summary>True when <paramref name="code"/> (already trimmed) is a postal code; else the reason, for a publisher to read.</summary>
    public static bool IsValid(string code, out string problem)
    {
        ArgumentNullException.ThrowIfNull(code);
        problem = string.Empty;
        if (code.Length == 5 && (code.StartsWith("2A", StringComparison.OrdinalIgnoreCase) || code.StartsWith("2B", StringComparison.OrdinalIgnoreCase)))
        {
            problem = $"'{code}' is not a postal code: 2A and 2B are Corsica's department (INSEE) codes; Corsican postal codes are 20xxx.";
            return false;
        }

        if (code.Length != 5 || !code.All(char.IsAsciiDigit))
        {
            problem = $"'{code}' is not a French postal code (exactly five digits).";
            return false;
        }

        var department = (code[0] - '0') * 10 + (code[1] - '0');
        var third = code[2];
        var known = department switch
        {
            >= 1 and <= 95 => true,
            97 => third is >= '1' and <= '8',
            98 => third is '0' or '4' or '6' or '7' or '8',
            _ => false,
        };
        if (!known)
        {
            problem = $"'{code}' is not a French postal code: no department or overseas territory has the prefix {(department is 97 or 98 ? code[..3] : code[..2])}.";
        }

        return known;
    }
}
