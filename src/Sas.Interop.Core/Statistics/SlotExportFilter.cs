namespace Sas.Interop.Core.Statistics;

/// <summary>Which slots an export or a KPI query covers. Empty lists mean everywhere.</summary>
/// <param name="Communes">Commune keys (see <see cref="CommuneKeys"/>) or bare postal codes.</param>
/// <param name="Departments">Department codes (<c>47</c>, <c>2A</c>, <c>971</c>).</param>
/// <param name="FromUtc">Inclusive lower bound on the slot start.</param>
/// <param name="ToUtc">Exclusive upper bound on the slot start.</param>
public sealed record SlotExportFilter(IReadOnlyList<string> Communes, IReadOnlyList<string> Departments, DateTime FromUtc, DateTime ToUtc)
{
    public bool Matches(string? postalCode, string? city) =>
        (Communes.Count == 0 || Communes.Any(c => CommuneKeys.Matches(c, postalCode, city)))
        && (Departments.Count == 0 || Departments.Contains(CommuneKeys.Department(postalCode) ?? string.Empty, StringComparer.OrdinalIgnoreCase));
}
