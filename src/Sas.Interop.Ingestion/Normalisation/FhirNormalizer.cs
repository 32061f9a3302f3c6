using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Turns the FHIR resources a publisher returned for one scope into canonical records. Lenient on what comes in
/// (bare or prefixed ids, phone formats, text-only specialties, odd identifier-type systems); every resource it
/// cannot use becomes an <see cref="IngestionIssue"/> instead of an exception.
/// </summary>
/// <remarks>
/// Some issues do not reject anything (an unknown slot-type code is dropped, the slot kept); their message says so.
/// Practitioners, places and schedules are kept when their practitioner is valid and in scope, whether or not a
/// kept slot points to them. One concern per class: <see cref="PractitionerAgendaNormalisation"/>, <see cref="StructureNormalisation"/>,
/// <see cref="SlotNormalisation"/>, <see cref="PlaceGeocoding"/>, all filling one <see cref="NormalisationRun"/>.
/// </remarks>
public sealed class FhirNormalizer
{
    public NormalizedBatch Normalize(string sourceInstance, SyncScope scope, IReadOnlyList<Resource> resources, DateTimeOffset fetchedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(resources);

        return Normalize(resources, NormalisationContext.Pulled(sourceInstance, scope, fetchedAt));
    }

    public NormalizedBatch Normalize(IReadOnlyList<Resource> resources, NormalisationContext context)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(context.SourceInstance);

        var run = new NormalisationRun(context);
        var geocoding = new PlaceGeocoding(run);
        var structures = new StructureNormalisation(run, geocoding);
        run.Partition(resources);
        structures.MapOrganizations();
        if (context.Kind == SyncScopeKind.Organization)
        {
            // SOS Médecins and other structures (CDS, MSP): Schedule → Location (consultation place) → Organization,
            // the Location possibly reached through the structure's HealthcareService.
            structures.MapHealthcareServices();
            structures.MapLocations();
            structures.MapLocationSchedules();
        }
        else
        {
            // PS individuel and CPTS: Schedule → Practitioner + PractitionerRole (contained Location).
            var practitioners = new PractitionerAgendaNormalisation(run, geocoding);
            structures.MapHealthcareServices();
            practitioners.MapPractitioners();
            practitioners.MapPlaces();
            practitioners.MapSchedules();
        }

        new SlotNormalisation(run).MapSlots();
        geocoding.CheckLocationPositions();
        run.ReportUnreadableValues();

        return new NormalizedBatch
        {
            Practitioners = run.Received(run.Practitioners, "Practitioner"),
            Places = run.Received(run.Places, "PractitionerRole"),
            Schedules = run.Received(run.Schedules, "Schedule"),
            Slots = run.Slots,
            Organizations = [.. run.Organizations.Values],
            HealthcareServices = [.. run.HealthcareServices.Values],
            Locations = [.. run.Locations.Values],
            Issues = run.Issues,
        };
    }
}
