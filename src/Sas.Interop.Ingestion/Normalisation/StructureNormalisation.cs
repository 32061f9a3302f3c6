using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Elements;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Structures: Organizations (an SOS association, a health centre, a CPTS) and their HealthcareServices in every flow;
/// in the structure flow (SOS Médecins, CDS, MSP) also their consultation Locations and the Schedules naming them.
/// </summary>
internal sealed class StructureNormalisation(NormalisationRun run, PlaceGeocoding geocoding) : NormalisationStep(run)
{
    public void MapOrganizations()
    {
        foreach (var resource in OrganizationResources)
        {
            Guard(resource, () => MapOrganizationResource(resource));
        }
    }

    private void MapOrganizationResource(Organization resource)
    {
        var identifier = resource.Identifier.FirstOrDefault(i => i.System == KnownIdentifierSystems.StructureNationalId && FhirValues.Text(i.Value) is not null)
            ?? resource.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == KnownIdentifierSystems.IdnstCode) == true && FhirValues.Text(i.Value) is not null)
            ?? resource.Identifier.FirstOrDefault(i => FhirValues.Text(i.Value) is not null);
        string? nationalId = null;
        if (identifier is not null && !NationalIdentifiers.TryNormalizeStructure(identifier.Value, out nationalId, out var error))
        {
            Report(resource, Reasons.BadIdentifier, error + " The organisation was kept without a national id.", "Organization.identifier");
        }

        if (Kind == SyncScopeKind.Organization)
        {
            // A structure (SOS association, health centre…) is what the SAS searches on: without its FINESS or
            // SIRET, nothing of it can be served.
            if (nationalId is null || !NationalIdentifiers.TryNormalizeFinessOrSiret(nationalId, out _, out _))
            {
                Reject(resource, Reasons.BadIdentifier, "The structure has no FINESS or SIRET identifier (system urn:oid:1.2.250.1.71.4.2.2, value 1+FINESS or 3+SIRET; an SOS Médecins association: its SIRET); rejected.", "Organization.identifier");
                return;
            }

            if (Asked is { } asked && !asked.Keys.Contains(nationalId, StringComparer.Ordinal))
            {
                Reject(resource, Reasons.OutOfScope, $"Association {nationalId} was not asked for in this batch; rejected.", "Organization.identifier");
                return;
            }
        }

        Organizations.Add(NativeIdOf(resource), Stamp(resource, new CanonicalOrganization
        {
            SourceInstance = SourceInstance,
            NativeId = NativeIdOf(resource),
            NationalId = nationalId,
            Identifier = MapIdentifier(identifier),
            Name = FhirValues.Text(resource.Name),
            Telecoms = MapTelecoms(resource, resource.Telecom),
            StructureType = Kind == SyncScopeKind.Organization ? StructureTypeReader.Read(resource, nationalId) : StructureTypes.Cpts,
        }));
    }

    public void MapHealthcareServices()
    {
        foreach (var resource in ServiceResources)
        {
            Guard(resource, () => MapHealthcareService(resource));
        }
    }

    private void MapHealthcareService(HealthcareService resource)
    {
        if (!FhirReferences.TryGetId(resource.ProvidedBy?.Reference, "Organization", out var organizationId))
        {
            Reject(resource, Reasons.MissingElement, "The HealthcareService names no providing Organization (the CPTS); rejected.", "HealthcareService.providedBy");
            return;
        }

        if (!Organizations.ContainsKey(organizationId))
        {
            RejectForTarget(resource, ("Organization", organizationId), "HealthcareService.providedBy");
            return;
        }

        HealthcareServices.Add(NativeIdOf(resource), Stamp(resource, new CanonicalHealthcareService
        {
            SourceInstance = SourceInstance,
            NativeId = NativeIdOf(resource),
            OrganizationNativeId = organizationId,
            Name = FhirValues.Text(resource.Name),
        }));
    }

    public void MapLocations()
    {
        foreach (var resource in LocationResources.Values)
        {
            Guard(resource, () => MapLocation(resource));
        }
    }

    private void MapLocation(Location resource)
    {
        if (!FhirReferences.TryGetId(resource.ManagingOrganization?.Reference, "Organization", out var organizationId))
        {
            Reject(resource, Reasons.MissingElement, "The Location names no managing Organization (the SOS association); rejected.", "Location.managingOrganization");
            return;
        }

        if (!Organizations.ContainsKey(organizationId))
        {
            RejectForTarget(resource, ("Organization", organizationId), "Location.managingOrganization");
            return;
        }

        var address = geocoding.MapAddress(resource, resource.Address, "Location.address");
        Locations.Add(NativeIdOf(resource), Stamp(resource, new CanonicalLocation
        {
            SourceInstance = SourceInstance,
            NativeId = NativeIdOf(resource),
            OrganizationNativeId = organizationId,
            Identifier = MapIdentifier(resource.Identifier.FirstOrDefault(i => FhirValues.Text(i.Value) is not null)),
            Name = FhirValues.Text(resource.Name),
            Address = address,
            Telecoms = MapTelecoms(resource, resource.Telecom),
            Hours = [.. resource.HoursOfOperation.Select(h => new CanonicalOpeningHours(
                [.. h.DaysOfWeekElement.Select(FhirValues.Enum).OfType<DaysOfWeek>().Select(d => d.ToString().ToLowerInvariant()[..3])],
                FhirValues.Boolean(h.AllDayElement) ?? false,
                FhirValues.Text(h.OpeningTime),
                FhirValues.Text(h.ClosingTime)))],
            Position = GeocodeStructureLocation(resource, address?.PostalCode),
        }));
    }

    /// <summary>
    /// A structure's consultation place is located as a PS place is (<see cref="PlaceGeocoding.Geocode"/>): its own valid
    /// <c>Location.position</c>, else its postal code's centroid, else none (reported). A bad position is reported
    /// once, by <see cref="PlaceGeocoding.CheckLocationPositions"/>, and never kept.
    /// </summary>
    private GeoPoint? GeocodeStructureLocation(Location resource, string? postalCode)
    {
        return PlaceGeocoding.ReadPosition(resource, "Location", out _) ?? geocoding.CentroidOrReport(resource, postalCode, "Location.address.postalCode");
    }

    public void MapLocationSchedules()
    {
        foreach (var resource in ScheduleResources)
        {
            Guard(resource, () => MapLocationSchedule(resource));
        }
    }

    private void MapLocationSchedule(Schedule resource)
    {
        var locationId = ActorId(resource, "Location") ?? LocationOfServiceActor(resource);
        if (locationId is null)
        {
            Reject(resource, Reasons.MissingElement, "The structure's Schedule has no Location actor (the consultation place), nor a HealthcareService actor whose location names one; rejected.", "Schedule.actor");
            return;
        }

        if (!Locations.ContainsKey(locationId))
        {
            RejectForTarget(resource, ("Location", locationId), "Schedule.actor");
            return;
        }

        Schedules.Add(NativeIdOf(resource), Stamp(resource, new CanonicalSchedule
        {
            SourceInstance = SourceInstance,
            NativeId = NativeIdOf(resource),
            LocationNativeId = locationId,
            Active = FhirValues.Boolean(resource.ActiveElement) ?? true,
        }));
    }

    // A structure agenda may name its HealthcareService only: its first Location is where the slots are.
    private string? LocationOfServiceActor(Schedule schedule)
    {
        var serviceId = ActorId(schedule, "HealthcareService");
        var service = serviceId is null ? null : ServiceResources.FirstOrDefault(h => NativeIdOf(h) == serviceId);
        return service?.Location.Select(l => FhirReferences.TryGetId(l.Reference, "Location", out var id) ? id : null).FirstOrDefault(id => id is not null);
    }

}
