using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// Shapes search answers like the IG examples (Bundle-ExampleBundlePSIndiv, -CPTS1/2, -AgregateurSOS): each match
/// followed by the resources it brings in, the first time they are needed.
/// </summary>
internal static class SearchBundleBuilder
{
    private const string PagingParameterOffset = "_offset";
    private const string PagingParameterCount = "_count";

    /// <summary>
    /// The PS-individuel Slot search; with <c>_include=Slot:service-type-reference</c> the CPTS one (INT_R04,
    /// shaped like Bundle-ExampleBundleCPTS1/2): each slot's CPTS HealthcareServices and, with
    /// <c>_include:iterate=HealthcareService:organization</c>, their Organizations follow its practitioner.
    /// </summary>
    public static Bundle Build(SimulatorData data, SlotSearchRequest request, string baseUrl, string rawQuery, int? defaultPageSize)
    {
        var matches = data.SlotsOfPractitioners(request.PractitionerIds).Where(request.Matches).ToList();
        var pageSize = request.Count ?? defaultPageSize;
        var page = Page(matches, request.Offset, pageSize);
        var bundle = NewSearchset(request.IncludeServiceTypeReferences ? SasProfiles.CptsBundle : SasProfiles.Bundle, matches.Count, baseUrl + "/Slot?", rawQuery, request.Offset, pageSize);

        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slot in page)
        {
            bundle.Entry.Add(Entry(slot, baseUrl, Bundle.SearchEntryMode.Match));
            if (request.IncludeSchedules && data.Resolve(slot.Schedule?.Reference) is Schedule schedule)
            {
                AddInclude(bundle, schedule, baseUrl, included);
                if (request.IncludeActors)
                {
                    foreach (var actor in schedule.Actor)
                    {
                        if (data.Resolve(actor.Reference) is { } resource)
                        {
                            AddInclude(bundle, resource, baseUrl, included);
                        }
                    }
                }
            }

            if (request.IncludeServiceTypeReferences)
            {
                AddCptsIncludes(bundle, data, slot, request.IncludeServiceOrganizations, baseUrl, included);
            }
        }

        return bundle;
    }

    /// <summary>
    /// The SOS Médecins Schedule search (shaped like Bundle-ExampleBundleAgregateurSOS): each matching Schedule
    /// (search mode match) with its Location, the Location's Organization and its slots in the window (include).
    /// </summary>
    /// <remarks>
    /// <c>total</c> counts the matching Schedules, as FHIR defines it; the IG example's 4 counts its slots
    /// (digest §10 trap 8).
    /// </remarks>
    public static Bundle BuildScheduleSearch(SimulatorData data, ScheduleSearchRequest request, string baseUrl, string rawQuery, int? defaultPageSize)
    {
        var matches = data.SchedulesOfOrganizations(request.OrganizationIds)
            .Select(schedule => (Schedule: schedule, Slots: data.SlotsOf(schedule).Where(request.Matches).ToList()))
            .Where(match => match.Slots.Count > 0)
            .ToList();
        var pageSize = request.Count ?? defaultPageSize;
        var page = Page(matches, request.Offset, pageSize);
        var bundle = NewSearchset(SasProfiles.SosBundle, matches.Count, baseUrl + "/Schedule?", rawQuery, request.Offset, pageSize);

        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (schedule, slots) in page)
        {
            bundle.Entry.Add(Entry(schedule, baseUrl, Bundle.SearchEntryMode.Match));
            if (request.IncludeLocations)
            {
                foreach (var location in schedule.Actor.Select(actor => data.Resolve(actor.Reference)).OfType<Location>())
                {
                    AddInclude(bundle, location, baseUrl, included);
                    if (request.IncludeOrganizations && data.Resolve(location.ManagingOrganization?.Reference) is Organization organization)
                    {
                        AddInclude(bundle, organization, baseUrl, included);
                    }
                }
            }

            if (request.IncludeSlots)
            {
                foreach (var slot in slots)
                {
                    AddInclude(bundle, slot, baseUrl, included);
                }
            }
        }

        return bundle;
    }

    private static void AddCptsIncludes(Bundle bundle, SimulatorData data, Slot slot, bool includeOrganizations, string baseUrl, HashSet<string> included)
    {
        var references = slot.ServiceType
            .SelectMany(serviceType => serviceType.Extension)
            .Where(extension => extension.Url == SasProfiles.SlotServiceTypeReferenceExtension)
            .Select(extension => (extension.Value as ResourceReference)?.Reference);
        foreach (var service in references.Select(data.Resolve).OfType<HealthcareService>())
        {
            AddInclude(bundle, service, baseUrl, included);
            if (includeOrganizations && data.Resolve(service.ProvidedBy?.Reference) is Organization organization)
            {
                AddInclude(bundle, organization, baseUrl, included);
            }
        }
    }

    private static List<T> Page<T>(List<T> matches, int offset, int? pageSize) =>
        pageSize is { } size ? matches.Skip(offset).Take(size).ToList() : matches.Skip(offset).ToList();

    private static Bundle NewSearchset(string profile, int total, string searchUrl, string rawQuery, int offset, int? pageSize)
    {
        var bundle = new Bundle
        {
            Meta = new Meta { Profile = [profile] },
            Type = Bundle.BundleType.Searchset,
            Total = total,
        };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = searchUrl + rawQuery });
        if (pageSize is { } next && offset + next < total)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = searchUrl + WithPaging(rawQuery, next, offset + next) });
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
