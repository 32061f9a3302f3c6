using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// Shapes a search answer like the IG example (Bundle-ExampleBundlePSIndiv): each matched Slot followed by the
/// Schedule, Practitioner and PractitionerRole it brings in the first time they are needed.
/// </summary>
internal static class SearchBundleBuilder
{
    private const string PagingParameterOffset = "_offset";
    private const string PagingParameterCount = "_count";

    public static Bundle Build(SimulatorData data, SlotSearchRequest request, string baseUrl, string rawQuery, int? defaultPageSize)
    {
        var matches = data.SlotsOfPractitioners(request.PractitionerIds).Where(request.Matches).ToList();
        var pageSize = request.Count ?? defaultPageSize;
        var page = pageSize is { } size ? matches.Skip(request.Offset).Take(size).ToList() : matches.Skip(request.Offset).ToList();

        var bundle = new Bundle
        {
            Meta = new Meta { Profile = [SasProfiles.Bundle] },
            Type = Bundle.BundleType.Searchset,
            Total = matches.Count,
        };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = baseUrl + "/Slot?" + rawQuery });
        if (pageSize is { } next && request.Offset + next < matches.Count)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = baseUrl + "/Slot?" + WithPaging(rawQuery, next, request.Offset + next) });
        }

        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slot in page)
        {
            bundle.Entry.Add(Entry(slot, baseUrl, Bundle.SearchEntryMode.Match));
            if (!request.IncludeSchedules || data.Resolve(slot.Schedule?.Reference) is not Schedule schedule)
            {
                continue;
            }

            AddInclude(bundle, schedule, baseUrl, included);
            if (!request.IncludeActors)
            {
                continue;
            }

            foreach (var actor in schedule.Actor)
            {
                if (data.Resolve(actor.Reference) is { } resource)
                {
                    AddInclude(bundle, resource, baseUrl, included);
                }
            }
        }

        return bundle;
    }

    private static void AddInclude(Bundle bundle, Resource resource, string baseUrl, HashSet<string> included)
    {
        if (included.Add(resource.TypeName + "/" + resource.Id))
        {
            bundle.Entry.Add(Entry(resource, baseUrl, Bundle.SearchEntryMode.Include));
        }
    }

    private static Bundle.EntryComponent Entry(Resource resource, string baseUrl, Bundle.SearchEntryMode mode) => new()
    {
        FullUrl = $"{baseUrl}/{resource.TypeName}/{resource.Id}",
        Resource = resource,
        Search = new Bundle.SearchComponent { Mode = mode },
    };

    /// <summary>The same query, raw as received, with the paging parameters of the next page.</summary>
    private static string WithPaging(string rawQuery, int count, int offset)
    {
        var kept = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.StartsWith(PagingParameterOffset + "=", StringComparison.Ordinal) && !part.StartsWith(PagingParameterCount + "=", StringComparison.Ordinal));
        return string.Join('&', kept.Append(FormattableString.Invariant($"{PagingParameterCount}={count}")).Append(FormattableString.Invariant($"{PagingParameterOffset}={offset}")));
    }
}
