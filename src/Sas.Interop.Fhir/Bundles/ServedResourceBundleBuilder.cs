using Hl7.Fhir.Model;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// The searchset of a standalone search (<see cref="ServedResourceSearchParser"/>): each match as its read by id
/// answers it (<see cref="ReadResourceBuilder"/>), under the read's URL.
/// </summary>
public sealed class ServedResourceBundleBuilder(ReadResourceBuilder reads)
{
    public Bundle Build(IReadOnlyList<ServedResource> served, ServedResourceSearchRequest request, string baseUrl, string selfUrl)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(selfUrl);
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = served.Count,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = selfUrl }],
        };
        var root = baseUrl.TrimEnd('/');
        foreach (var resource in served.Take(request.Count))
        {
            SlotBundleBuilder.Add(bundle, root, reads.Build(resource), Bundle.SearchEntryMode.Match);
        }

        return bundle;
    }
}
