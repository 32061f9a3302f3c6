using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Elements;

/// <summary>
/// The languages a practitioner speaks (<c>Practitioner.communication</c>, BCP-47 tags), in their canonical case
/// (RFC 5646 §2.1.1: <c>fr</c>, <c>pt-BR</c>, <c>zh-Hant-TW</c>) so that stored tags and searched ones compare exactly.
/// A coding that is not a well-formed tag is reported and dropped; the practitioner is always kept.
/// </summary>
internal static partial class PractitionerLanguages
{
    public const string Bcp47System = "urn:ietf:bcp:47";

    /// <summary>Most languages kept per practitioner: more is a feed bug, and each is stored and served.</summary>
    public const int MaxLanguages = 20;

    private const string Element = "Practitioner.communication";

    // Codings some publishers label with the value set instead of the code system: the codes are BCP-47 all the same.
    private static readonly string[] AcceptedSystems = [Bcp47System, "http://hl7.org/fhir/ValueSet/languages", "http://hl7.org/fhir/ValueSet/all-languages"];

    public static IReadOnlyList<string> Read(Practitioner resource, Action<string, string, string> report)
    {
        var tags = new List<string>();
        foreach (var communication in resource.Communication)
        {
            var found = false;
            foreach (var coding in communication.Coding)
            {
                if (coding.System is not null && !AcceptedSystems.Contains(coding.System, StringComparer.Ordinal))
                {
                    report(Reasons.BadCode, $"The communication coding '{coding.System}|{coding.Code}' is not a BCP-47 language ({Bcp47System}); it was dropped, the practitioner kept.", Element);
                    continue;
                }

                if (Normalize(coding.Code) is not { } tag)
                {
                    report(Reasons.BadCode, $"The communication code '{coding.Code}' is not a BCP-47 language tag (such as fr, en, pt-BR); it was dropped, the practitioner kept.", Element);
                    continue;
                }

                found = true;
                if (!tags.Contains(tag, StringComparer.Ordinal))
                {
                    tags.Add(tag);
                }
            }

            if (!found && communication.Coding.Count == 0)
            {
                report(Reasons.BadCode, $"A communication has no coding (text '{communication.Text}'); it was dropped, the practitioner kept.", Element);
            }
        }

        if (tags.Count > MaxLanguages)
        {
            report(Reasons.InvalidValue, $"{tags.Count} languages: only the first {MaxLanguages} were kept.", Element);
            tags.RemoveRange(MaxLanguages, tags.Count - MaxLanguages);
        }

        return tags;
    }

    /// <summary>
    /// A well-formed BCP-47 tag in its canonical case (Java's <c>pt_BR</c> read as <c>pt-BR</c>); null when the value is
    /// not one. Well-formedness only: the IANA registry is not checked, so an unknown language is kept (and searchable).
    /// </summary>
    public static string? Normalize(string? code)
    {
        var value = code?.Trim().Replace('_', '-');
        if (string.IsNullOrEmpty(value) || value.Length > 64 || !WellFormed().IsMatch(value))
        {
            return null;
        }

        var subtags = value.Split('-');
        var singleton = false;
        for (var i = 0; i < subtags.Length; i++)
        {
            var subtag = subtags[i];
            singleton |= i > 0 && subtag.Length == 1;
            subtags[i] = i == 0 || singleton ? subtag.ToLowerInvariant()
                : subtag.Length == 2 ? subtag.ToUpperInvariant()
                : subtag.Length == 4 && char.IsLetter(subtag[0]) ? char.ToUpperInvariant(subtag[0]) + subtag[1..].ToLowerInvariant()
                : subtag.ToLowerInvariant();
        }

        return string.Join('-', subtags);
    }

    // RFC 5646 langtag without extlang nor grandfathered tags: language, script, region, variants, extensions, private use.
    [GeneratedRegex("^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(-[a-wyz0-9](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}
