using System.Globalization;
using System.Text;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Identity vigilance (issue 18, item 8): one national id that served sources describe differently, and roster keys no
/// sync ever returned. Names are compared after folding case, accents and punctuation ("Hélène LE-GALL" and
/// "HELENE LE GALL" agree); places conflict when two sources give addresses of which none is the other's.
/// </summary>
internal static class IdentityConflictFinder
{
    public const string Name = "name";
    public const string Place = "place";
    public const string NeverReturned = "never-returned";

    public static List<IdentityConflict> Find(IEnumerable<PractitionerIdentity> identities, IEnumerable<UnreturnedRosterKey> unreturned)
    {
        var conflicts = new List<IdentityConflict>();
        foreach (var practitioner in identities.GroupBy(i => i.NationalId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sources = practitioner.OrderBy(i => i.SourceInstance, StringComparer.Ordinal).ToList();
            if (sources.Count < 2)
            {
                continue;
            }

            // A source that sends no name says nothing against the others.
            var named = sources.Where(s => s.Family is not null).ToList();
            if (named.Select(s => Fold(NameOf(s))).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                conflicts.Add(new IdentityConflict(practitioner.Key, Name, [.. named.Select(s => new IdentityConflictSource(s.SourceInstance, NameOf(s)))]));
            }

            var placed = sources.Where(s => s.Addresses.Count > 0).Select(s => (Source: s, Folded: s.Addresses.Select(a => Fold(Text(a))).ToHashSet(StringComparer.Ordinal))).ToList();
            var disjoint = placed.SelectMany((a, i) => placed.Skip(i + 1).Select(b => !a.Folded.Overlaps(b.Folded))).Any(d => d);
            if (disjoint)
            {
                conflicts.Add(new IdentityConflict(practitioner.Key, Place, [.. placed.Select(p => new IdentityConflictSource(
                    p.Source.SourceInstance, string.Join(" | ", p.Source.Addresses.Select(Text).Distinct(StringComparer.Ordinal))))]));
            }
        }

        conflicts.AddRange(unreturned.Select(u => new IdentityConflict(u.NationalId, NeverReturned, [new IdentityConflictSource(
            u.SourceInstance,
            string.Create(CultureInfo.InvariantCulture, $"in the roster since {u.AddedAt:yyyy-MM-dd}{(u.Label is null ? string.Empty : " (" + u.Label + ")")}; last successful sync {u.LastSuccessAt:yyyy-MM-dd HH:mm}Z returned no such practitioner"))])));
        return conflicts;
    }

    private static string NameOf(PractitionerIdentity identity) =>
        string.Join(' ', new[] { identity.Family }.Concat(identity.Given.Take(1)).Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Text(CanonicalAddress address) =>
        string.Join(", ", address.Lines.Append(string.Join(' ', new[] { address.PostalCode, address.City }.Where(p => !string.IsNullOrWhiteSpace(p)))).Where(p => p.Length > 0));

    /// <summary>Upper case, no accents, letters and digits separated by single spaces.</summary>
    internal static string Fold(string value)
    {
        var folded = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToUpperInvariant(c));
            }
            else if (folded.Length > 0 && folded[^1] != ' ')
            {
                folded.Append(' ');
            }
        }

        return folded.ToString().TrimEnd();
    }
}
