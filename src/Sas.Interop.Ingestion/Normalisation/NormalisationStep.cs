using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Elements;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// One concern of a normalisation (practitioners' agendas, structures, slots, places): reads its resources from the
/// <see cref="NormalisationRun"/>, adds what it keeps and the issues it finds. The members below forward to the run
/// so that every step reads and reports the same way.
/// </summary>
internal abstract class NormalisationStep(NormalisationRun run)
{
    protected string SourceInstance => run.Context.SourceInstance;

    protected DateTimeOffset FetchedAt => run.Context.FetchedAt;

    protected SyncScopeKind Kind => run.Context.Kind;

    /// <summary>What a connector asked for (keys, window); null for a push, where the publisher sends its own data.</summary>
    protected SyncScope? Asked => run.Context.Asked;

    /// <summary>What is already stored that the batch references without carrying; empty for a pulled batch.</summary>
    protected StoredAgenda Stored => run.Context.Stored;

    protected List<Practitioner> PractitionerResources => run.PractitionerResources;

    protected List<PractitionerRole> RoleResources => run.RoleResources;

    protected List<Schedule> ScheduleResources => run.ScheduleResources;

    protected List<Slot> SlotResources => run.SlotResources;

    protected Dictionary<string, Location> LocationResources => run.LocationResources;

    protected List<Organization> OrganizationResources => run.OrganizationResources;

    protected List<HealthcareService> ServiceResources => run.ServiceResources;

    protected Dictionary<string, CanonicalPractitioner> Practitioners => run.Practitioners;

    protected Dictionary<string, CanonicalPlace> Places => run.Places;

    protected Dictionary<string, CanonicalSchedule> Schedules => run.Schedules;

    protected List<CanonicalSlot> Slots => run.Slots;

    protected Dictionary<string, CanonicalOrganization> Organizations => run.Organizations;

    protected Dictionary<string, CanonicalHealthcareService> HealthcareServices => run.HealthcareServices;

    protected Dictionary<string, CanonicalLocation> Locations => run.Locations;

    protected List<IngestionIssue> Issues => run.Issues;

    protected static string NativeIdOf(Resource resource) => NormalisationRun.NativeIdOf(resource);

    protected static string? ActorId(Schedule schedule, string resourceType) => NormalisationRun.ActorId(schedule, resourceType);

    protected T Stamp<T>(Resource resource, T record)
        where T : SourceRecord => run.Stamp(resource, record);

    protected void Guard(Resource resource, Action map) => run.Guard(resource, map);

    protected void Reject(Resource resource, string reason, string message, string? expression) => run.Reject(resource, reason, message, expression);

    protected void RejectForTarget(Resource resource, (string Type, string Id) target, string expression) => run.RejectForTarget(resource, target, expression);

    protected void KeepStored<T>(Dictionary<string, T> kept, string resourceType, T record)
        where T : SourceRecord => run.KeepStored(kept, resourceType, record);

    protected void RejectStored((string Type, string Id) stored, (string Type, string Id) target) => run.RejectStored(stored, target);

    protected void RejectStored((string Type, string Id) stored, string reason) => run.RejectStored(stored, reason);

    protected void Report(Resource resource, string reason, string message, string? expression) => run.Report(resource, reason, message, expression);

    protected static CanonicalIdentifier? MapIdentifier(Identifier? identifier)
    {
        var value = FhirValues.Text(identifier?.Value);
        if (identifier is null || value is null)
        {
            return null;
        }

        var type = identifier.Type?.Coding.FirstOrDefault(c => FhirValues.Text(c.Code) is not null);
        return new CanonicalIdentifier(FhirValues.Text(identifier.System), value, FhirValues.Text(type?.System), FhirValues.Text(type?.Code));
    }

    protected static IReadOnlyList<CanonicalCode> MapCodes(IEnumerable<CodeableConcept> concepts)
    {
        var codes = new List<CanonicalCode>();
        foreach (var concept in concepts)
        {
            var coding = concept.Coding.FirstOrDefault(c => FhirValues.Text(c.Code) is not null);
            var text = FhirValues.Text(concept.Text);

            // Text-only specialties are allowed by the IG narrative (its own examples use them).
            CanonicalCode? code = coding is not null
                ? new CanonicalCode(FhirValues.Text(coding.System), FhirValues.Text(coding.Code), FhirValues.Text(coding.Display), text)
                : text is not null ? new CanonicalCode(null, null, null, text) : null;
            if (code is not null && !codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    protected IReadOnlyList<CanonicalTelecom> MapTelecoms(Resource resource, IEnumerable<ContactPoint> telecoms) =>
        ContactPointMapper.Map(telecoms, message => Report(resource, Reasons.InvalidValue, message, $"{resource.TypeName}.telecom"));
}
