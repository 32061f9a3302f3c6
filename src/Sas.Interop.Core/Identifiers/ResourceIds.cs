using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Sas.Interop.Core.Identifiers;

/// <summary>
/// Stable FHIR logical ids for what the hub serves, derived from (source instance, native id) so that an id
/// survives re-syncs and two sources can never collide. Instance ids contain no '.', so the first '.'
/// separates the two parts.
/// </summary>
public static partial class ResourceIds
{
    private const int MaxFhirIdLength = 64;

    public static string For(string sourceInstance, string nativeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentException.ThrowIfNullOrEmpty(nativeId);
        var readable = sourceInstance + "." + nativeId;
        if (IsFhirId(readable))
        {
            return readable;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sourceInstance + "\n" + nativeId));
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        var prefix = sourceInstance.Length + 2 + hex.Length <= MaxFhirIdLength ? sourceInstance : sourceInstance[..(MaxFhirIdLength - 2 - hex.Length)];
        return prefix + ".h" + hex;
    }

    /// <summary>
    /// The one FHIR R4 id rule (<c>[A-Za-z0-9\-\.]{1,64}</c>) every entrance checks ids against: served ids here, and
    /// every id or conditional key a publisher writes (the push API refuses anything else with 400).
    /// </summary>
    public static bool IsFhirId(string? value) => value is not null && FhirIdPattern().IsMatch(value);

    // \z, not $: $ also matches before a final "\n", which would let "abc\n" pass.
    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}\z")]
    private static partial Regex FhirIdPattern();
}
