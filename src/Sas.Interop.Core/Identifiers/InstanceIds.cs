using System.Text.RegularExpressions;

namespace Sas.Interop.Core.Identifiers;

/// <summary>Rules for connector instance and publisher ids (they become part of FHIR ids and URLs).</summary>
public static partial class InstanceIds
{
    public const string Rule = "1 to 40 characters: lower-case letters, digits and '-', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9\-]{0,39}$")]
    private static partial Regex Pattern();
}
