using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// Builds the IG's PS-individuel (BundleAgregateur) or CPTS (sas-cpts-bundle-aggregator) searchset from store rows:
/// Slots as <c>match</c>, and as <c>include</c> their Schedules, Practitioners and PractitionerRoles (each with its
/// contained Location), and for CPTS the HealthcareServices and Organizations of the CPTS; <c>meta.profile</c> on
/// every resource, <c>fullUrl</c> on every entry.
/// </summary>
/// <param name="freshness">Tags stale slots; null (tests, tools) tags nothing.</param>
public sealed class SlotBundleBuilder(SlotFreshness? freshness = null)
{
    /// <param name="result">What the store found.</param>
    /// <param name="request">The parsed request (which includes were asked).</param>
    /// <param name="baseUrl">The facade base, e.g. <c>https://hub.example/fhir</c>, without trailing slash.</param>
    /// <param name="selfUrl">The request URL, for <c>link[self]</c>.</param>
    public Bundle Build(SlotSearchResult result, SlotSearchRequest request, string baseUrl, string selfUrl)
    {
        var bundle = BuildEntries(result, request, baseUrl, selfUrl);
        return request.IncludeCptsServices ? ClaimedOnlyIfHeld(bundle, "Slot", "Schedule", "Practitioner", "PractitionerRole") : bundle;
    }

    /// <summary>
    /// The bundle without its <c>meta.profile</c> unless it holds every resource type the profile requires at least
    /// once: the CPTS and SOS bundle profiles need 4 entries (a Slot, a Schedule…), which an empty answer, or one
    /// asked without its includes, cannot give. It is then a plain searchset.
    /// </summary>
    internal static Bundle ClaimedOnlyIfHeld(Bundle bundle, params string[] requiredTypes)
    {
        var held = bundle.Entry.Select(e => e.Resource?.TypeName).ToHashSet(StringComparer.Ordinal);
        if (!requiredTypes.All(held.Contains))
        {
            bundle.Meta = null;
        }

        return bundle;
    }

    private Bundle BuildEntries(SlotSearchResult result, SlotSearchRequest request, string baseUrl, string selfUrl)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(selfUrl);
        var root = baseUrl.TrimEnd('/');

        var cpts = request.IncludeCptsServices;
        var bundle = Searchset(cpts ? SasProfiles.BundleCpts : SasProfiles.BundlePs, result.Total, selfUrl);

        for (var i = 0; i < result.Slots.Count; i++)
        {
            var slot = result.Slots[i];
            var resource = HubNearStructureResources.IsStructureSlot(slot)
                ? HubNearStructureResources.ToSlot(slot)
                : CanonicalToFhir.ToSlot(slot, cpts ? SlotFlavour.Cpts : SlotFlavour.PsIndividual);
            freshness?.Tag(resource, slot);
            Add(bundle, root, resource, Bundle.SearchEntryMode.Match);
            if (result.DistancesMeters is { } distances)
            {
                bundle.Entry[^1].Search!.Extension.Add(DistanceExtension(distances[i]));
            }
        }

        if (cpts)
        {
            AddCpts(bundle, root, result, request.IncludeCptsOrganizations);
        }

        // _include:iterate=Schedule:actor iterates over included Schedules, so actors come only with them.
        if (!request.IncludeSchedules)
        {
            return bundle;
        }

        var schedules = Referenced(result.Slots.Select(s => (s.SourceInstance, (string?)s.ScheduleNativeId)), result.Schedules);
        foreach (var schedule in schedules)
        {
            Add(bundle, root, HubNearStructureResources.ToSchedule(schedule, result) ?? CanonicalToFhir.ToSchedule(schedule), Bundle.SearchEntryMode.Include);
        }

        if (request.IncludeScheduleActors)
        {
            foreach (var practitioner in Referenced(schedules.Select(s => (s.SourceInstance, s.PractitionerNativeId)), result.Practitioners))
            {
                Add(bundle, root, CanonicalToFhir.ToPractitioner(practitioner), Bundle.SearchEntryMode.Include);
            }

            foreach (var place in Referenced(schedules.Select(s => (s.SourceInstance, s.PlaceNativeId)), result.Places))
            {
                Add(bundle, root, CanonicalToFhir.ToPractitionerRole(place), Bundle.SearchEntryMode.Include);
            }

            // hub-near's structure slots: their Schedule's actor (the Location) and the structure managing it.
            foreach (var resource in HubNearStructureResources.ActorsOf(schedules, result))
            {
                Add(bundle, root, resource, Bundle.SearchEntryMode.Include);
            }
        }

        return bundle;
    }

    private static void AddCpts(Bundle bundle, string root, SlotSearchResult result, bool includeOrganizations)
    {
        var services = Referenced(result.Slots.SelectMany(s => s.CptsServiceNativeIds.Select(id => (s.SourceInstance, (string?)id))), result.HealthcareServices);
        foreach (var service in services)
        {
            Add(bundle, root, CanonicalToFhir.ToHealthcareService(service), Bundle.SearchEntryMode.Include);
        }

        // _include:iterate=HealthcareService:organization iterates over the included services.
        if (includeOrganizations)
        {
            foreach (var organization in Referenced(services.Select(h => (h.SourceInstance, (string?)h.OrganizationNativeId)), result.Organizations))
            {
                Add(bundle, root, CanonicalToFhir.ToCptsOrganization(organization), Bundle.SearchEntryMode.Include);
            }
        }
    }

    // Each record once, in the order the slots (or schedules) first point to it; unreferenced rows are not included.
    internal static List<T> Referenced<T>(IEnumerable<(string SourceInstance, string? NativeId)> keys, IEnumerable<T> records)
        where T : SourceRecord => Referenced(keys, records, r => (r.SourceInstance, r.NativeId));

    /// <summary>As above for any record type, keyed by <paramref name="keyOf"/> (the served writer's rows too).</summary>
    internal static List<T> Referenced<T>(IEnumerable<(string SourceInstance, string? NativeId)> keys, IEnumerable<T> records, Func<T, (string SourceInstance, string NativeId)> keyOf)
    {
        var byKey = new Dictionary<(string, string), T>();
        foreach (var record in records)
        {
            byKey.TryAdd(keyOf(record), record);
        }

        var seen = new HashSet<(string, string)>();
        var referenced = new List<T>();
        foreach (var (source, nativeId) in keys)
        {
            if (nativeId is not null && seen.Add((source, nativeId)) && byKey.TryGetValue((source, nativeId), out var record))
            {
                referenced.Add(record);
            }
        }

        return referenced;
    }

    /// <summary>hub-near: the standard search-result extension, in km (UCUM), from the centre to the slot's place.</summary>
    private static Extension DistanceExtension(double meters) => new(
        "http://hl7.org/fhir/StructureDefinition/location-distance",
        new Distance { Value = Math.Round((decimal)meters / 1000m, 3), Unit = "km", System = "http://unitsofmeasure.org", Code = "km" });

    internal static Bundle Searchset(string profile, int total, string selfUrl) => new()
    {
        Meta = new Meta { Profile = [profile] },
        Type = Bundle.BundleType.Searchset,
        Total = total,
        Link = [new Bundle.LinkComponent { Relation = "self", Url = selfUrl }],
    };

    internal static void Add(Bundle bundle, string root, Resource resource, Bundle.SearchEntryMode mode) =>
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"{root}/{resource.TypeName}/{resource.Id}",
            Resource = resource,
            Search = new Bundle.SearchComponent { Mode = mode },
        });
}
