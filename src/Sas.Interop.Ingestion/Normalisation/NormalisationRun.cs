using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Elements;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// The state of one normalisation: the resources read (partitioned by type), what was kept, what was rejected and
/// why, and the issues in the order they were found. The steps (<see cref="NormalisationStep"/>) read and fill it.
/// </summary>
internal sealed class NormalisationRun(NormalisationContext context)
{
    // Lenient on FHIR's 64 (publishers' ids are not always FHIR ids), but bounded: the id is part of a unique index,
    // and an index entry has a size limit (PostgreSQL: about 2.7 kB), so a huge id would fail its whole batch there.
    private const int MaxIdLength = 256;

    public NormalisationContext Context { get; } = context;

    public List<Practitioner> PractitionerResources { get; } = [];

    public List<PractitionerRole> RoleResources { get; } = [];

    public List<Schedule> ScheduleResources { get; } = [];

    public List<Slot> SlotResources { get; } = [];

    public Dictionary<string, Location> LocationResources { get; } = new(StringComparer.Ordinal);

    public List<Organization> OrganizationResources { get; } = [];

    public List<HealthcareService> ServiceResources { get; } = [];

    // Why a resource was not kept, so that what points to it gets the same reason (out of scope stays out of scope).
    private readonly Dictionary<(string Type, string Id), string> rejected = [];

    // The context's stored records that resolved a reference: known like the batch's own, never part of the result.
    private readonly HashSet<(string Type, string Id)> fromStore = [];

    public Dictionary<string, CanonicalPractitioner> Practitioners { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CanonicalPlace> Places { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CanonicalSchedule> Schedules { get; } = new(StringComparer.Ordinal);

    public List<CanonicalSlot> Slots { get; } = [];

    public Dictionary<string, CanonicalOrganization> Organizations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CanonicalHealthcareService> HealthcareServices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CanonicalLocation> Locations { get; } = new(StringComparer.Ordinal);

    public List<IngestionIssue> Issues { get; } = [];

    public void Partition(IReadOnlyList<Resource> resources)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var resource in resources)
        {
            if (resource is null or OperationOutcome)
            {
                continue;
            }

            // Read leniently: an id Firely cannot hold (a JSON number) must not end the batch.
            var id = resource.IdElement?.JsonValue as string;
            if (resource is not (Practitioner or PractitionerRole or Schedule or Slot or Location or Organization or HealthcareService))
            {
                Drop(resource.TypeName, id, Reasons.Unsupported, $"{resource.TypeName} is not part of a SAS slot search response; it was ignored.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(id))
            {
                Drop(resource.TypeName, null, Reasons.MissingElement, $"A {resource.TypeName} has no id; it was rejected.", $"{resource.TypeName}.id");
                continue;
            }

            if (id.Length > MaxIdLength)
            {
                Drop(resource.TypeName, id[..32] + "…", Reasons.InvalidValue, $"A {resource.TypeName} id of {id.Length} characters (FHIR allows 64) cannot be stored; rejected.", $"{resource.TypeName}.id");
                continue;
            }

            if (!seen.Add((resource.TypeName, id)))
            {
                Drop(resource.TypeName, id, Reasons.Duplicate, $"{resource.TypeName}/{id} appears more than once; the first one was kept.");
                continue;
            }

            switch (resource)
            {
                case Practitioner practitioner:
                    PractitionerResources.Add(practitioner);
                    break;
                case PractitionerRole role:
                    RoleResources.Add(role);
                    break;
                case Schedule schedule:
                    ScheduleResources.Add(schedule);
                    break;
                case Slot slot:
                    SlotResources.Add(slot);
                    break;
                case Location location:
                    LocationResources.Add(id, location);
                    break;
                case Organization organization:
                    OrganizationResources.Add(organization);
                    break;
                case HealthcareService service:
                    ServiceResources.Add(service);
                    break;
            }
        }
    }

    public static string? ActorId(Schedule schedule, string resourceType)
    {
        foreach (var actor in schedule.Actor)
        {
            if (FhirReferences.TryGetId(actor.Reference, resourceType, out var id))
            {
                return id;
            }
        }

        return null;
    }

    // Partition let through only resources with an id.
    public static string NativeIdOf(Resource resource) => resource.Id!;

    public T Stamp<T>(Resource resource, T record)
        where T : SourceRecord =>
        record with { FetchedAt = Context.FetchedAt, SourceLastUpdated = FhirValues.Instant(resource.Meta?.LastUpdatedElement) };

    public void RejectForTarget(Resource resource, (string Type, string Id) target, string expression)
    {
        var reference = $"{target.Type}/{target.Id}";
        if (rejected.TryGetValue(target, out var reason))
        {
            var message = reason == Reasons.OutOfScope
                ? $"It depends on {reference}, whose practitioner was not asked for in this batch; rejected."
                : $"It depends on {reference}, which was rejected; rejected too.";
            Reject(resource, reason == Reasons.OutOfScope ? Reasons.OutOfScope : Reasons.BrokenReference, message, expression);
        }
        else
        {
            Reject(resource, Reasons.BrokenReference, $"{reference} is not in the batch; rejected.", expression);
        }
    }

    /// <summary>A stored record the batch may reference as if it carried it (see <see cref="NormalisationContext.Stored"/>).</summary>
    public void KeepStored<T>(Dictionary<string, T> kept, string resourceType, T record)
        where T : SourceRecord
    {
        if (kept.TryAdd(record.NativeId, record))
        {
            fromStore.Add((resourceType, record.NativeId));
        }
    }

    /// <summary>
    /// A stored record made unusable by the batch (what it depends on was rejected or is gone): what references it is
    /// rejected as it would be through <see cref="RejectForTarget"/>. No issue: stored data is not the batch's business.
    /// </summary>
    public void RejectStored((string Type, string Id) stored, (string Type, string Id) target) =>
        rejected[stored] = rejected.TryGetValue(target, out var reason) && reason == Reasons.OutOfScope ? Reasons.OutOfScope : Reasons.BrokenReference;

    /// <summary>A stored record that contradicts the batch (its schedule is not its place's practitioner's any more); no issue either.</summary>
    public void RejectStored((string Type, string Id) stored, string reason) => rejected[stored] = reason;

    /// <summary>The kept records of the batch itself: without the stored ones that only resolved references.</summary>
    public IReadOnlyList<T> Received<T>(Dictionary<string, T> kept, string resourceType)
        where T : SourceRecord =>
        fromStore.Count == 0 ? [.. kept.Values] : [.. kept.Values.Where(r => !fromStore.Contains((resourceType, r.NativeId)))];

    public void Reject(Resource resource, string reason, string message, string? expression)
    {
        rejected[(resource.TypeName, NativeIdOf(resource))] = reason;
        Issues.Add(new IngestionIssue(resource.TypeName, resource.Id, reason, message, expression));
    }

    /// <summary>
    /// Values Firely could not hold (a number beyond range, a wrong JSON type, an unknown code) that no rule
    /// above reported: each becomes an issue on its resource, the value ignored.
    /// </summary>
    public void ReportUnreadableValues()
    {
        var resources = PractitionerResources.Cast<Resource>().Concat(RoleResources).Concat(ScheduleResources).Concat(SlotResources)
            .Concat(LocationResources.Values).Concat(OrganizationResources).Concat(ServiceResources);
        foreach (var resource in resources)
        {
            foreach (var (path, value) in FhirValues.Unreadable(resource, resource.TypeName))
            {
                var id = NativeIdOf(resource);
                if (!Issues.Any(i => i.ResourceType == resource.TypeName && i.NativeId == id && i.Expression == path))
                {
                    Report(resource, Reasons.UnreadableValue, $"'{FhirValues.Raw(value)}' at {path} is not a valid FHIR {value.TypeName}; the value was ignored.", path);
                }
            }
        }
    }

    /// <summary>
    /// Maps one resource; whatever reading it throws (a value Firely could not hold, read through a typed getter)
    /// rejects that resource alone, never the batch.
    /// </summary>
    public void Guard(Resource resource, Action map)
    {
        try
        {
            map();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var unreadable = FhirValues.Unreadable(resource, resource.TypeName).Select(u => ((string, PrimitiveType)?)u).FirstOrDefault();
            var message = unreadable is { } value
                ? $"'{FhirValues.Raw(value.Item2)}' at {value.Item1} is not a valid FHIR {value.Item2.TypeName} ({exception.Message}); rejected."
                : $"The {resource.TypeName} could not be read ({exception.GetType().Name}: {exception.Message}); rejected.";
            Reject(resource, unreadable is null ? Reasons.InvalidValue : Reasons.UnreadableValue, message, unreadable?.Item1 ?? resource.TypeName);
        }
    }

    /// <summary>A problem the resource survives: the faulty part was dropped, the resource kept.</summary>
    public void Report(Resource resource, string reason, string message, string? expression) =>
        Issues.Add(new IngestionIssue(resource.TypeName, resource.Id, reason, message, expression, Rejected: false));

    /// <summary>A resource dropped before it could be read (no id, duplicate, unsupported type).</summary>
    private void Drop(string resourceType, string? nativeId, string reason, string message, string? expression = null) =>
        Issues.Add(new IngestionIssue(resourceType, nativeId, reason, message, expression));
}
