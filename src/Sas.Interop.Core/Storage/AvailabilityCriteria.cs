namespace Sas.Interop.Core.Storage;

/// <summary>Free slots of some practitioners starting in [<paramref name="From"/>, <paramref name="Until"/>), for the availability summary.</summary>
/// <param name="PractitionerNationalIds">Prefixed national ids (1 to 25).</param>
/// <param name="From">Inclusive lower bound on the slot start.</param>
/// <param name="Until">Exclusive upper bound on the slot start.</param>
public sealed record AvailabilityCriteria(IReadOnlyList<string> PractitionerNationalIds, DateTimeOffset From, DateTimeOffset Until)
{
    /// <summary>Slots fetched before this instant are withheld, as in the search; null serves all.</summary>
    public DateTimeOffset? FetchedSince { get; init; }
}
