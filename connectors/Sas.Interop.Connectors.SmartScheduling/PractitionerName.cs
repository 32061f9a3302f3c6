using System.Globalization;
using Hl7.Fhir.Model;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// A practitioner's name split into FHIR HumanName parts: from the structured parts when the feed gives them, else
/// from the text by the French convention (family name in capitals, title first).
/// </summary>
internal sealed record PractitionerName(IReadOnlyList<string> Prefix, IReadOnlyList<string> Given, string? Family)
{
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "Dr", "Dr.", "Docteur", "Pr", "Pr.", "Professeur", "Mme", "Mme.", "Madame", "Mlle", "Mlle.", "M.", "Mr", "Mr.", "Monsieur",
    };

    // Particles that start a family name written without capitals ("jean de la fontaine", "Loïc Le Bihan").
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "de", "du", "des", "d'", "le", "la", "les", "l'", "van", "von", "der", "den", "di", "da", "del", "della", "dos", "ben", "el", "al",
    };

    /// <summary>The structured parts of <paramref name="name"/> when it has a family name, else its text parsed.</summary>
    public static PractitionerName From(HumanName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!string.IsNullOrWhiteSpace(name.Family))
        {
            return new PractitionerName(Trimmed(name.Prefix), Trimmed(name.Given), name.Family.Trim());
        }

        var parsed = Parse(name.Text);
        var given = Trimmed(name.Given);
        return given.Count > 0 ? parsed with { Given = given } : parsed;
    }

    /// <summary>
    /// Splits a name written as text: leading titles (Dr, Docteur, Pr…) become the prefix; the family name is the
    /// trailing run of words in capitals ("Loïc LE BIHAN" → LE BIHAN), or the leading run when the text is written
    /// family first ("LE BIHAN Loïc"); without capitals, the last word with the particles before it ("jean de la
    /// fontaine" → de la fontaine). Every other word is a given name.
    /// </summary>
    public static PractitionerName Parse(string? text)
    {
        var words = (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        var prefix = new List<string>();
        while (words.Count > 0 && Titles.Contains(words[0]))
        {
            prefix.Add(words[0]);
            words.RemoveAt(0);
        }

        if (words.Count == 0)
        {
            return new PractitionerName(prefix, [], null);
        }

        var trailing = 0;
        while (trailing < words.Count && IsCapitalised(words[words.Count - 1 - trailing]))
        {
            trailing++;
        }

        int familyStart, familyEnd;
        if (trailing > 0 && trailing < words.Count)
        {
            (familyStart, familyEnd) = (words.Count - trailing, words.Count);
        }
        else if (trailing == words.Count)
        {
            // All in capitals: one word is the family name; otherwise the first word is the given name.
            (familyStart, familyEnd) = (words.Count == 1 ? 0 : 1, words.Count);
        }
        else
        {
            var leading = words.TakeWhile(IsCapitalised).Count();
            if (leading > 0)
            {
                (familyStart, familyEnd) = (0, leading);
            }
            else
            {
                familyStart = words.Count - 1;
                while (familyStart > 1 && Particles.Contains(words[familyStart - 1]))
                {
                    familyStart--;
                }

                familyEnd = words.Count;
            }
        }

        var family = string.Join(' ', words[familyStart..familyEnd]);
        List<string> given = [.. words[..familyStart], .. words[familyEnd..]];
        return new PractitionerName(prefix, given, family);
    }

    private static List<string> Trimmed(IEnumerable<string?> parts) => [.. parts.Select(p => p?.Trim()).OfType<string>().Where(p => p.Length > 0)];

    // "LE", "BIHAN", "DUPONT-MORETTI", "D'ARTAGNAN", "ÉLOÏSE": letters, none lower-case; an initial ("J.") is not.
    private static bool IsCapitalised(string word) =>
        word.Count(char.IsLetter) > 1 && !word.Any(char.IsLower) && !word.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter);
}
