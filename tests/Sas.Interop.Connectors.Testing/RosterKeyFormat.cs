using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Testing;

/// <summary>
/// The form the hub keys rosters and batch scopes by: the prefixed national ids its normaliser gives slots
/// (<see cref="NationalIdentifiers"/>). A bare RPPS or FINESS never matches a slot's key, so the hub would serve none
/// of that key's slots and withdraw them at the next run: the kit names the right form instead.
/// </summary>
internal static class RosterKeyFormat
{
    public const string Practitioners = "the hub keys practitioners by their IDNPS national id, 8+RPPS (11 digits) or 0+ADELI (9 digits)";

    public const string Structures = "the hub keys structure agendas by their IDNST national id, 1+FINESS (9 characters) or 3+SIRET (14 digits)";

    /// <summary>What is wrong with <paramref name="key"/> (called <paramref name="label"/> in the message), or null when it is in the hub's form.</summary>
    public static string? Problem(string? key, SyncScopeKind kind, string label)
    {
        var practitioner = kind == SyncScopeKind.Practitioner;
        var rule = practitioner ? Practitioners : Structures;
        string? normalized;
        var valid = practitioner
            ? NationalIdentifiers.TryNormalizePractitioner(key, out normalized, out _)
            : NationalIdentifiers.TryNormalizeFinessOrSiret(key, out normalized, out _);
        if (!valid)
        {
            return $"{label} '{key}' is not a {(practitioner ? "practitioner" : "structure")} national id: {rule}";
        }

        if (normalized == key)
        {
            return null;
        }

        var bare = (normalized![0], normalized.Length - 1 == key!.Length) switch
        {
            ('8', true) when practitioner => "a bare RPPS",
            ('0', true) when practitioner => "a bare ADELI",
            ('1', true) => "a bare FINESS",
            ('3', true) => "a bare SIRET",
            _ => "not in the hub's form",
        };
        return $"{label} '{key}' is {bare}: {rule}: '{normalized}'";
    }

    /// <summary>Every key of <paramref name="keys"/> not in the hub's form, with what it should be.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<string> keys, SyncScopeKind kind, string label) =>
        [.. keys.Distinct(StringComparer.Ordinal).Select(key => Problem(key, kind, label)).OfType<string>()];
}
