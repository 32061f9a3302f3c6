using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>Reads the logical id out of the literal references publishers write.</summary>
internal static partial class FhirReferences
{
    /// <summary>
    /// <c>Type/id</c>, <c>Type/id/_history/v</c> or an absolute URL ending that way (publishers mix them);
    /// false for another type, a contained (<c>#id</c>) or an unresolvable reference.
    /// </summary>
    public static bool TryGetId(string? reference, string resourceType, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(reference))
        {
            return false;
        }

        var match = LiteralReferencePattern().Match(reference.Trim());
        if (!match.Success || match.Groups["type"].Value != resourceType)
        {
            return false;
        }

        id = match.Groups["id"].Value;
        return true;
    }

    /// <summary>The id of a contained-resource reference (<c>#id</c>).</summary>
    public static bool TryGetContainedId(string? reference, [NotNullWhen(true)] out string? id)
    {
        var trimmed = reference?.Trim();
        id = trimmed is { Length: > 1 } && trimmed[0] == '#' ? trimmed[1..] : null;
        return id is not null;
    }

    [GeneratedRegex(@"^(?:.*/)?(?<type>[A-Z][A-Za-z]+)/(?<id>[^/#?]+)(?:/_history/[^/]+)?$")]
    private static partial Regex LiteralReferencePattern();
}
