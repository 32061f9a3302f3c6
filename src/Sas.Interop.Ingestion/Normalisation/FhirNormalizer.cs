using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Elements;
using Sas.Interop.Fhir.Profiles;
using CoreSlotStatus = Sas.Interop.Core.Canonical.SlotStatus;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Turns the FHIR resources a publisher returned for one scope into canonical records. Lenient on what comes in
/// (bare or prefixed ids, phone formats, text-only specialties, odd identifier-type systems); every resource it
/// cannot use becomes an <see cref="IngestionIssue"/> instead of an exception.
/// </summary>
/// <remarks>
/// Some issues do not reject anything (an unknown slot-type code is dropped, the slot kept); their message says so.
/// Practitioners, places and schedules are kept when their practitioner is valid and in scope, whether or not a
/// kept slot points to them.
/// </remarks>
public sealed partial class FhirNormalizer
{
    // Lenient on FHIR's 64 (publishers' ids are not always FHIR ids), but bounded: the id is part of a unique index,
    // and an index entry has a size limit (PostgreSQL: about 2.7 kB), so a huge id would fail its whole batch there.
    private const int MaxIdLength = 256;

    private const string R5ServiceTypeExtension = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType";

    public NormalizedBatch Normalize(string sourceInstance, SyncScope scope, IReadOnlyList<Resource> resources, DateTimeOffset fetchedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(resources);

        var run = new Run(sourceInstance, scope, fetchedAt);
        run.Partition(resources);
        run.MapOrganizations();
        if (scope.Kind == SyncScopeKind.Organization)
        {
            // SOS Médecins and other structures (CDS, MSP): Schedule → Location (consultation place) → Organization,
            // the Location possibly reached through the structure's HealthcareService.
            run.MapHealthcareServices();
            run.MapLocations();
            run.MapLocationSchedules();
        }
        else
        {
            // PS individuel and CPTS: Schedule → Practitioner + PractitionerRole (contained Location).
            run.MapHealthcareServices();
            run.MapPractitioners();
            run.MapPlaces();
            run.MapSchedules();
        }

        run.MapSlots();
        run.CheckLocationPositions();
        run.ReportUnreadableValues();

        return new NormalizedBatch
        {
            Practitioners = [.. run.Practitioners.Values],
            Places = [.. run.Places.Values],
            Schedules = [.. run.Schedules.Values],
            Slots = run.Slots,
            Organizations = [.. run.Organizations.Values],
            HealthcareServices = [.. run.HealthcareServices.Values],
            Locations = [.. run.Locations.Values],
            Issues = run.Issues,
        };
    }

    // A bare value "looks like" a structure id when it is a FINESS or SIRET, with or without its prefix.
    [GeneratedRegex(@"^(?:1?(?:\d{9}|2[AB]\d{7})|3?\d{14})$", RegexOptions.IgnoreCase)]
    private static partial Regex FinessOrSiretPattern();

    /// <summary>The state of one normalisation: what was read, kept and rejected.</summary>
    private sealed class Run(string sourceInstance, SyncScope scope, DateTimeOffset fetchedAt)
    {
        private readonly List<Practitioner> practitionerResources = [];
        private readonly List<PractitionerRole> roleResources = [];
        private readonly List<Schedule> scheduleResources = [];
        private readonly List<Slot> slotResources = [];
        private readonly Dictionary<string, Location> locationResources = new(StringComparer.Ordinal);
        private readonly List<Organization> organizationResources = [];
        private readonly List<HealthcareService> serviceResources = [];

        // Why a resource was not kept, so that what points to it gets the same reason (out of scope stays out of scope).
        private readonly Dictionary<(string Type, string Id), string> rejected = [];

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
                        practitionerResources.Add(practitioner);
                        break;
                    case PractitionerRole role:
                        roleResources.Add(role);
                        break;
                    case Schedule schedule:
                        scheduleResources.Add(schedule);
                        break;
                    case Slot slot:
                        slotResources.Add(slot);
                        break;
                    case Location location:
                        locationResources.Add(id, location);
                        break;
                    case Organization organization:
                        organizationResources.Add(organization);
                        break;
                    case HealthcareService service:
                        serviceResources.Add(service);
                        break;
                }
            }
        }

        public void MapPractitioners()
        {
            foreach (var resource in practitionerResources)
            {
                Guard(resource, () => MapPractitioner(resource));
            }
        }

        private void MapPractitioner(Practitioner resource)
        {
            if (!TryReadNationalId(resource, out var nationalId, out var error))
            {
                Reject(resource, Reasons.BadIdentifier, error + " The practitioner was rejected.", "Practitioner.identifier");
                return;
            }

            if (scope.Kind == SyncScopeKind.Practitioner && !scope.Keys.Contains(nationalId, StringComparer.Ordinal))
            {
                Reject(resource, Reasons.OutOfScope, $"Practitioner {nationalId} was not asked for in this batch; rejected.", "Practitioner.identifier");
                return;
            }

            var name = resource.Name.FirstOrDefault(n => FhirValues.Enum(n.UseElement) == HumanName.NameUse.Official) ?? resource.Name.FirstOrDefault();
            Practitioners.Add(NativeIdOf(resource), Stamp(resource, new CanonicalPractitioner
            {
                SourceInstance = sourceInstance,
                NativeId = NativeIdOf(resource),
                NationalId = nationalId,
                Family = FhirValues.Text(name?.Family),
                Given = [.. (name?.Given ?? []).Select(FhirValues.Text).OfType<string>()],
                Telecoms = MapTelecoms(resource, resource.Telecom),
                Languages = PractitionerLanguages.Read(resource, (reason, message, expression) => Report(resource, reason, message, expression)),
            }));
        }

        public void MapPlaces()
        {
            foreach (var resource in roleResources)
            {
                Guard(resource, () => MapPlace(resource));
            }
        }

        private void MapPlace(PractitionerRole resource)
        {
            var practitionerId = PractitionerOf(resource);
            if (practitionerId is null)
            {
                Reject(resource, Reasons.MissingElement, "The PractitionerRole names no practitioner (and no Schedule links it to one); rejected.", "PractitionerRole.practitioner");
                return;
            }

            if (!Practitioners.ContainsKey(practitionerId))
            {
                RejectForTarget(resource, ("Practitioner", practitionerId), "PractitionerRole.practitioner");
                return;
            }

            var location = LocationOf(resource);
            if (location is null)
            {
                Reject(resource, Reasons.BrokenReference, "The PractitionerRole's Location (contained, referenced as '#id') cannot be found; rejected.", "PractitionerRole.location");
                return;
            }

            var address = MapAddress(resource, location.Address, "PractitionerRole.contained.address");
            Places.Add(NativeIdOf(resource), Stamp(resource, new CanonicalPlace
            {
                SourceInstance = sourceInstance,
                NativeId = NativeIdOf(resource),
                PractitionerNativeId = practitionerId,
                LocationIdentifier = MapIdentifier(location.Identifier.FirstOrDefault(i => FhirValues.Text(i.Value) is not null)),
                LocationName = FhirValues.Text(location.Name),
                Address = address,
                Position = Geocode(resource, location, address?.PostalCode),
                Organization = MapOrganization(resource),
                Telecoms = MapTelecoms(resource, resource.Telecom),
                Specialties = MapCodes(resource.Specialty),
                DeclaredDurations = ServiceTypeDurations.Read(resource, (reason, message, expression) => Report(resource, reason, message, expression)),
                Active = FhirValues.Boolean(resource.ActiveElement) ?? true,
                NotAvailable = UnavailabilityReader.Read(resource, (reason, message, path) => Report(resource, reason, message, path)),
                HomeVisitRadiusMeters = ReadHomeVisitPerimeter(resource),
                Hours = PlaceOpeningHours.Read(resource, location),
            }));
        }

        // Junk (negative, absurd, wrong unit, several) is dropped and reported, the place kept: its HH slots then
        // fall back to the searched distance, as without a perimeter.
        private double? ReadHomeVisitPerimeter(PractitionerRole resource)
        {
            var meters = HomeVisitPerimeter.Read(resource, out var problem);
            if (problem is { } found)
            {
                Report(resource, Reasons.InvalidHomeVisitPerimeter, found.Message, found.Expression);
            }

            return meters;
        }

        public void MapSchedules()
        {
            foreach (var resource in scheduleResources)
            {
                Guard(resource, () => MapSchedule(resource));
            }
        }

        private void MapSchedule(Schedule resource)
        {
            var roleId = ActorId(resource, "PractitionerRole");
            if (roleId is null)
            {
                Reject(resource, Reasons.MissingElement, "The Schedule has no PractitionerRole actor (the place of consultation); rejected.", "Schedule.actor");
                return;
            }

            if (!Places.TryGetValue(roleId, out var place))
            {
                RejectForTarget(resource, ("PractitionerRole", roleId), "Schedule.actor");
                return;
            }

            // A schedule naming only its PractitionerRole gets the practitioner from the role.
            var practitionerId = ActorId(resource, "Practitioner") ?? place.PractitionerNativeId;
            if (practitionerId != place.PractitionerNativeId)
            {
                Reject(resource, Reasons.InvalidValue, $"The Schedule's Practitioner/{practitionerId} is not the practitioner of its PractitionerRole/{roleId}; rejected.", "Schedule.actor");
                return;
            }

            Schedules.Add(NativeIdOf(resource), Stamp(resource, new CanonicalSchedule
            {
                SourceInstance = sourceInstance,
                NativeId = NativeIdOf(resource),
                PractitionerNativeId = practitionerId,
                PlaceNativeId = roleId,
                Active = FhirValues.Boolean(resource.ActiveElement) ?? true,
            }));
        }

        public void MapSlots()
        {
            foreach (var resource in slotResources)
            {
                Guard(resource, () =>
                {
                    if (MapSlot(resource) is { } slot)
                    {
                        Slots.Add(slot);
                    }
                });
            }
        }

        private CanonicalSlot? MapSlot(Slot resource)
        {
            if (!FhirReferences.TryGetId(resource.Schedule?.Reference, "Schedule", out var scheduleId))
            {
                Reject(resource, Reasons.BrokenReference, $"The Slot's schedule reference '{resource.Schedule?.Reference}' is not a Schedule reference; rejected.", "Slot.schedule");
                return null;
            }

            if (!Schedules.TryGetValue(scheduleId, out var schedule))
            {
                RejectForTarget(resource, ("Schedule", scheduleId), "Slot.schedule");
                return null;
            }

            var start = FhirValues.Instant(resource.StartElement);
            var end = FhirValues.Instant(resource.EndElement);
            if (start is null || end is null)
            {
                var missing = start is null ? "start" : "end";
                var raw = FhirValues.Raw(start is null ? resource.StartElement : resource.EndElement);
                Reject(resource, Reasons.MissingElement, raw is null ? $"The Slot has no {missing}; rejected." : $"The Slot's {missing} '{raw}' is not an instant; rejected.", $"Slot.{missing}");
                return null;
            }

            if (end <= start)
            {
                Reject(resource, Reasons.InvalidValue, $"The Slot ends ({end:O}) before or when it starts ({start:O}); rejected.", "Slot.end");
                return null;
            }

            // Checked before the asked window, so a year-0001 slot is reported as what it is, not as merely unasked.
            foreach (var (instant, element) in new[] { (start.Value, "start"), (end.Value, "end") })
            {
                if (!SlotTimeWindow.Contains(instant, fetchedAt))
                {
                    Reject(resource, Reasons.ImplausibleTime, $"The Slot's {element} {instant:O} is outside [{SlotTimeWindow.EarliestAt(fetchedAt):O}, {SlotTimeWindow.LatestAt(fetchedAt):O}] (a year either side of now); rejected.", "Slot." + element);
                    return null;
                }
            }

            var status = FhirValues.Enum(resource.StatusElement);
            if (status is null)
            {
                var raw = FhirValues.Raw(resource.StatusElement);
                Reject(resource, raw is null ? Reasons.MissingElement : Reasons.InvalidValue, raw is null ? "The Slot has no status; rejected." : $"The Slot status '{raw}' is not a slot status; rejected.", "Slot.status");
                return null;
            }

            // A schedule is only kept with a kept, in-scope practitioner or association (a slot of an out-of-scope
            // one was rejected above through its schedule), so these lookups cannot fail.
            var practitionerNationalId = schedule.PractitionerNativeId is { } practitionerId ? Practitioners[practitionerId].NationalId : null;
            var organizationNationalId = schedule.LocationNativeId is { } locationId ? Organizations[Locations[locationId].OrganizationNativeId].NationalId : null;

            if (start < scope.From || start > scope.To)
            {
                Reject(resource, Reasons.OutOfWindow, $"The Slot starts at {start:O}, outside the asked window [{scope.From:O}, {scope.To:O}]; rejected.", "Slot.start");
                return null;
            }

            var (modes, motives) = ReadServiceTypes(resource);
            return Stamp(resource, new CanonicalSlot
            {
                SourceInstance = sourceInstance,
                NativeId = NativeIdOf(resource),
                ScheduleNativeId = scheduleId,
                PractitionerNationalId = practitionerNationalId,
                OrganizationNationalId = organizationNationalId,
                CptsServiceNativeIds = ReadCptsServices(resource),
                Start = start.Value,
                End = end.Value,
                Status = MapStatus(status.Value),
                Types = ReadSlotTypes(resource),
                Modes = modes,
                Motives = motives,
                AppointmentKind = ReadAppointmentKind(resource),
                Specialties = MapCodes(resource.Specialty),
                BookingUrl = FhirValues.Text(resource.Comment),
                Overbooked = resource.Overbooked == true,
            });
        }

        public void MapOrganizations()
        {
            foreach (var resource in organizationResources)
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

            if (scope.Kind == SyncScopeKind.Organization)
            {
                // A structure (SOS association, health centre…) is what the SAS searches on: without its FINESS or
                // SIRET, nothing of it can be served.
                if (nationalId is null || !NationalIdentifiers.TryNormalizeFinessOrSiret(nationalId, out _, out _))
                {
                    Reject(resource, Reasons.BadIdentifier, "The structure has no FINESS or SIRET identifier (system urn:oid:1.2.250.1.71.4.2.2, value 1+FINESS or 3+SIRET; an SOS Médecins association: its SIRET); rejected.", "Organization.identifier");
                    return;
                }

                if (!scope.Keys.Contains(nationalId, StringComparer.Ordinal))
                {
                    Reject(resource, Reasons.OutOfScope, $"Association {nationalId} was not asked for in this batch; rejected.", "Organization.identifier");
                    return;
                }
            }

            Organizations.Add(NativeIdOf(resource), Stamp(resource, new CanonicalOrganization
            {
                SourceInstance = sourceInstance,
                NativeId = NativeIdOf(resource),
                NationalId = nationalId,
                Identifier = MapIdentifier(identifier),
                Name = FhirValues.Text(resource.Name),
                Telecoms = MapTelecoms(resource, resource.Telecom),
                StructureType = scope.Kind == SyncScopeKind.Organization ? StructureTypeReader.Read(resource, nationalId) : StructureTypes.Cpts,
            }));
        }

        public void MapHealthcareServices()
        {
            foreach (var resource in serviceResources)
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
                SourceInstance = sourceInstance,
                NativeId = NativeIdOf(resource),
                OrganizationNativeId = organizationId,
                Name = FhirValues.Text(resource.Name),
            }));
        }

        public void MapLocations()
        {
            foreach (var resource in locationResources.Values)
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

            var address = MapAddress(resource, resource.Address, "Location.address");
            Locations.Add(NativeIdOf(resource), Stamp(resource, new CanonicalLocation
            {
                SourceInstance = sourceInstance,
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
        /// A structure's consultation place is located as a PS place is (<see cref="Geocode"/>): its own valid
        /// <c>Location.position</c>, else its postal code's centroid, else none (reported). A bad position is reported
        /// once, by <see cref="CheckLocationPositions"/>, and never kept.
        /// </summary>
        private GeoPoint? GeocodeStructureLocation(Location resource, string? postalCode)
        {
            return ReadPosition(resource, "Location", out _) ?? CentroidOrReport(resource, postalCode, "Location.address.postalCode");
        }

        public void MapLocationSchedules()
        {
            foreach (var resource in scheduleResources)
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
                SourceInstance = sourceInstance,
                NativeId = NativeIdOf(resource),
                LocationNativeId = locationId,
                Active = FhirValues.Boolean(resource.ActiveElement) ?? true,
            }));
        }

        // CPTS visibility: a serviceType entry per CPTS, carrying the R5 extension that references its HealthcareService.
        private IReadOnlyList<string> ReadCptsServices(Slot resource)
        {
            var services = new List<string>();
            foreach (var serviceType in resource.ServiceType)
            {
                foreach (var extension in serviceType.Extension.Where(e => e.Url == R5ServiceTypeExtension))
                {
                    var reference = (extension.Value as ResourceReference)?.Reference;
                    if (!FhirReferences.TryGetId(reference, "HealthcareService", out var serviceId))
                    {
                        Report(resource, Reasons.BrokenReference, $"The CPTS serviceType reference '{reference}' is not a HealthcareService reference; the CPTS link was dropped, the slot kept.", "Slot.serviceType.extension");
                    }
                    else if (!HealthcareServices.ContainsKey(serviceId))
                    {
                        Report(resource, Reasons.BrokenReference, $"HealthcareService/{serviceId} (the slot's CPTS) is not in the batch or was rejected; the CPTS link was dropped, the slot kept.", "Slot.serviceType.extension");
                    }
                    else if (!services.Contains(serviceId, StringComparer.Ordinal))
                    {
                        services.Add(serviceId);
                    }
                }
            }

            return services;
        }

        private SlotTypes ReadSlotTypes(Slot resource)
        {
            var types = SlotTypes.None;
            foreach (var coding in resource.Meta?.Security ?? [])
            {
                var code = FhirValues.Text(coding.Code);
                var known = code?.ToUpperInvariant() switch
                {
                    "PUBLIC" => SlotTypes.Public,
                    "PRO" => SlotTypes.Pro,
                    "SNP" => SlotTypes.Snp,
                    "CPTS" => SlotTypes.Cpts,
                    _ => SlotTypes.None,
                };

                // Other security labels (confidentiality…) are none of our business; a system-less known code is kept.
                if (coding.System == SasCodeSystems.SlotType || (coding.System is null && known != SlotTypes.None))
                {
                    if (known == SlotTypes.None)
                    {
                        Report(resource, Reasons.BadCode, $"'{code}' is not a TRE_R314 slot type (PUBLIC, PRO, SNP, CPTS); the code was ignored, the slot kept.", "Slot.meta.security");
                    }

                    types |= known;
                }
            }

            return types;
        }

        // Coded entries give the consultation modes; text gives the motives. The IG moved motives to their own
        // text-only entries (1.1.0), but its CPTS2 example still puts one in the text of the AMB entry, so text on a
        // coded entry is a motive too, unless it only repeats the code's display. CPTS entries (TRE_R66 604 + R5
        // extension) point to a HealthcareService the PS flow does not carry: skipped.
        private (ConsultationModes Modes, IReadOnlyList<string> Motives) ReadServiceTypes(Slot resource)
        {
            var modes = ConsultationModes.None;
            var motives = new List<string>();
            foreach (var serviceType in resource.ServiceType)
            {
                if (serviceType.Extension.Any(e => e.Url == R5ServiceTypeExtension) || serviceType.Coding.Any(c => c.System == SasCodeSystems.CategorieEtablissement))
                {
                    continue;
                }

                foreach (var coding in serviceType.Coding)
                {
                    var mode = coding.Code?.Trim() switch
                    {
                        "AMB" => ConsultationModes.Ambulatory,
                        "HH" => ConsultationModes.HomeVisit,
                        "VR" => ConsultationModes.Virtual,
                        _ => ConsultationModes.None,
                    };
                    if (mode == ConsultationModes.None || (coding.System is not null && coding.System != SasCodeSystems.ActCode))
                    {
                        Report(resource, Reasons.BadCode, $"'{coding.System}|{coding.Code}' is not a consultation type (v3-ActCode AMB, HH, VR); the code was ignored, the slot kept.", "Slot.serviceType");
                        continue;
                    }

                    modes |= mode;
                }

                var text = FhirValues.Text(serviceType.Text);
                var repeatsDisplay = serviceType.Coding.Any(c => string.Equals(FhirValues.Text(c.Display), text, StringComparison.OrdinalIgnoreCase));
                if (text is not null && !repeatsDisplay && !motives.Contains(text, StringComparer.Ordinal))
                {
                    motives.Add(text);
                }
            }

            return (modes, motives);
        }

        private AppointmentKind ReadAppointmentKind(Slot resource)
        {
            var codings = resource.AppointmentType?.Coding ?? [];
            foreach (var coding in codings)
            {
                if (coding.System is null or SasCodeSystems.AppointmentType)
                {
                    switch (coding.Code?.Trim().ToUpperInvariant())
                    {
                        case "ROUTINE":
                            return AppointmentKind.Routine;
                        case "WALKIN":
                            return AppointmentKind.WalkIn;
                    }
                }
            }

            if (codings.Count > 0)
            {
                Report(resource, Reasons.BadCode, "The appointment type is neither v2-0276 ROUTINE nor WALKIN; it was ignored, the slot kept.", "Slot.appointmentType");
            }

            return AppointmentKind.Unspecified;
        }

        private static CoreSlotStatus MapStatus(Slot.SlotStatus status) => status switch
        {
            Slot.SlotStatus.Busy => CoreSlotStatus.Busy,
            Slot.SlotStatus.BusyUnavailable => CoreSlotStatus.BusyUnavailable,
            Slot.SlotStatus.BusyTentative => CoreSlotStatus.BusyTentative,
            Slot.SlotStatus.EnteredInError => CoreSlotStatus.EnteredInError,
            _ => CoreSlotStatus.Free,
        };

        // Preference: the IDNPS system, then an IDNPS type whatever the system, then a lone identifier.
        private static bool TryReadNationalId(Practitioner resource, out string nationalId, out string error)
        {
            var withValue = resource.Identifier.Where(i => FhirValues.Text(i.Value) is not null).ToList();
            var candidates = withValue.Where(i => i.System == KnownIdentifierSystems.PractitionerNationalId)
                .Concat(withValue.Where(i => i.Type?.Coding.Any(c => c.Code == KnownIdentifierSystems.IdnpsCode) == true))
                .Concat(withValue.Count == 1 ? withValue : [])
                .ToList();
            if (candidates.Count == 0)
            {
                nationalId = string.Empty;
                error = $"The Practitioner has no national identifier (system {KnownIdentifierSystems.PractitionerNationalId} or type IDNPS).";
                return false;
            }

            string? firstError = null;
            foreach (var candidate in candidates)
            {
                if (NationalIdentifiers.TryNormalizePractitioner(candidate.Value, out var normalized, out var candidateError))
                {
                    nationalId = normalized;
                    error = string.Empty;
                    return true;
                }

                firstError ??= candidateError;
            }

            nationalId = string.Empty;
            error = firstError!;
            return false;
        }

        private string? PractitionerOf(PractitionerRole resource)
        {
            if (FhirReferences.TryGetId(resource.Practitioner?.Reference, "Practitioner", out var id))
            {
                return id;
            }

            // Lenient: a role without its practitioner reference, linked to one by a Schedule naming both.
            return scheduleResources
                .Where(s => ActorId(s, "PractitionerRole") == NativeIdOf(resource))
                .Select(s => ActorId(s, "Practitioner"))
                .FirstOrDefault(p => p is not null);
        }

        // The IG contains the Location and references it as '#id'; a Location sent alongside as 'Location/x' is
        // accepted too, and a role with a single contained Location but no reference uses it.
        private Location? LocationOf(PractitionerRole resource)
        {
            var contained = resource.Contained.OfType<Location>().ToList();
            var reference = resource.Location.FirstOrDefault()?.Reference;
            if (FhirReferences.TryGetContainedId(reference, out var containedId))
            {
                return contained.FirstOrDefault(l => l.Id == containedId);
            }

            if (FhirReferences.TryGetId(reference, "Location", out var locationId))
            {
                return locationResources.GetValueOrDefault(locationId) ?? contained.FirstOrDefault(l => l.Id == locationId);
            }

            return reference is null && contained.Count == 1 ? contained[0] : null;
        }

        // Organisation ids are normalised when they are declared IDNST, or when a system-less value is plainly a
        // FINESS or SIRET; anything else (the CPTS example's bare RPPS rang, a publisher's own id) is kept verbatim.
        private CanonicalIdentifier? MapOrganization(PractitionerRole resource)
        {
            var identifier = resource.Organization?.Identifier;
            var value = FhirValues.Text(identifier?.Value);
            if (identifier is null || value is null)
            {
                return null;
            }

            var declaredStructure = identifier.System == KnownIdentifierSystems.StructureNationalId;
            var bareFinessOrSiret = string.IsNullOrWhiteSpace(identifier.System) && FinessOrSiretPattern().IsMatch(value.Replace(" ", string.Empty, StringComparison.Ordinal));
            if (declaredStructure || bareFinessOrSiret)
            {
                if (NationalIdentifiers.TryNormalizeStructure(value, out var normalized, out var error))
                {
                    return new CanonicalIdentifier(KnownIdentifierSystems.StructureNationalId, normalized, KnownIdentifierSystems.FrV20203, KnownIdentifierSystems.IdnstCode);
                }

                Report(resource, Reasons.BadIdentifier, error + " The organisation identifier was kept as sent.", "PractitionerRole.organization.identifier");
            }

            return MapIdentifier(identifier);
        }

        private static CanonicalIdentifier? MapIdentifier(Identifier? identifier)
        {
            var value = FhirValues.Text(identifier?.Value);
            if (identifier is null || value is null)
            {
                return null;
            }

            var type = identifier.Type?.Coding.FirstOrDefault(c => FhirValues.Text(c.Code) is not null);
            return new CanonicalIdentifier(FhirValues.Text(identifier.System), value, FhirValues.Text(type?.System), FhirValues.Text(type?.Code));
        }

        private static IReadOnlyList<CanonicalCode> MapCodes(IEnumerable<CodeableConcept> concepts)
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

        private IReadOnlyList<CanonicalTelecom> MapTelecoms(Resource resource, IEnumerable<ContactPoint> telecoms) =>
            ContactPointMapper.Map(telecoms, message => Report(resource, Reasons.InvalidValue, message, $"{resource.TypeName}.telecom"));

        // A structure agenda may name its HealthcareService only: its first Location is where the slots are.
        private string? LocationOfServiceActor(Schedule schedule)
        {
            var serviceId = ActorId(schedule, "HealthcareService");
            var service = serviceId is null ? null : serviceResources.FirstOrDefault(h => NativeIdOf(h) == serviceId);
            return service?.Location.Select(l => FhirReferences.TryGetId(l.Reference, "Location", out var id) ? id : null).FirstOrDefault(id => id is not null);
        }

        private static string? ActorId(Schedule schedule, string resourceType)
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
        private static string NativeIdOf(Resource resource) => resource.Id!;

        private T Stamp<T>(Resource resource, T record)
            where T : SourceRecord =>
            record with { FetchedAt = fetchedAt, SourceLastUpdated = FhirValues.Instant(resource.Meta?.LastUpdatedElement) };

        private void RejectForTarget(Resource resource, (string Type, string Id) target, string expression)
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

        private void Reject(Resource resource, string reason, string message, string? expression)
        {
            rejected[(resource.TypeName, NativeIdOf(resource))] = reason;
            Issues.Add(new IngestionIssue(resource.TypeName, resource.Id, reason, message, expression));
        }

        /// <summary>
        /// A Location's address as stored; one lacking its line, city or postal code is kept and reported. A postal code
        /// that is not French (<see cref="FrenchPostalCodes"/>) is dropped and reported, the place kept: it would
        /// otherwise reach the commune keys, the export and proximity searches as it came.
        /// </summary>
        private CanonicalAddress? MapAddress(Resource owner, Address? address, string expression)
        {
            var lines = (address?.Line ?? []).Select(FhirValues.Text).OfType<string>().ToList();
            var postalCode = FhirValues.Text(address?.PostalCode);
            if (lines.Count == 0 || FhirValues.Text(address?.City) is null || postalCode is null)
            {
                Report(owner, Reasons.MissingElement, "The Location address lacks its line, city or postal code (all required by the IG); the place was kept as is.", expression);
            }

            if (postalCode is not null && !FrenchPostalCodes.IsValid(postalCode, out var problem))
            {
                Report(owner, Reasons.InvalidPostalCode, problem + " The postal code was dropped, the place kept.", expression + ".postalCode");
                postalCode = null;
            }

            return address is null ? null : new CanonicalAddress(lines, FhirValues.Text(address.City), postalCode);
        }

        /// <summary>
        /// The place's position for hub-near: the publisher's own <c>Location.position</c> when valid, else the
        /// postal code's centroid (offline table); without either the place is kept and reported.
        /// </summary>
        private GeoPoint? Geocode(PractitionerRole role, Location location, string? postalCode)
        {
            var index = role.Contained.IndexOf(location);
            var root = index >= 0 ? $"PractitionerRole.contained[{index}]" : "PractitionerRole.location";
            if (ReadPosition(location, root, out var problem) is { } point)
            {
                return point;
            }

            if (problem is { } found)
            {
                Report(role, Reasons.InvalidPosition, found.Message + " The position was dropped, the place kept; its postal code locates it instead.", found.Expression);
            }

            return CentroidOrReport(role, postalCode, "PractitionerRole.contained.address.postalCode");
        }

        /// <summary>The fallback of every place without a valid position: its postal code's centroid, else none (reported).</summary>
        private GeoPoint? CentroidOrReport(Resource owner, string? postalCode, string expression)
        {
            if (PostalCodeCentroids.TryLocate(postalCode, out var centroid))
            {
                return centroid;
            }

            Report(owner, Reasons.NotGeocoded, $"The place has no Location.position and {(postalCode is null ? "no valid postal code" : $"its postal code '{postalCode}' is not in the hub's table")}; it is kept but left out of proximity (hub-near) searches.", expression);
            return null;
        }

        /// <summary>
        /// The publisher's <c>Location.position</c> when it is a WGS 84 point (latitude −90..90, longitude −180..180,
        /// finite, not the 0,0 of an unset field); else null, with the problem when there was a position at all.
        /// </summary>
        private static GeoPoint? ReadPosition(Location location, string root, out (string Message, string Expression)? problem)
        {
            problem = null;
            if (location.Position is not { } position)
            {
                return null;
            }

            var latitude = FhirValues.Number(position.LatitudeElement);
            var longitude = FhirValues.Number(position.LongitudeElement);
            var rawLatitude = FhirValues.Raw(position.LatitudeElement);
            var rawLongitude = FhirValues.Raw(position.LongitudeElement);
            var latitudeOk = latitude is { } lat && double.IsFinite(lat) && lat is >= -90 and <= 90;
            var longitudeOk = longitude is { } lon && double.IsFinite(lon) && lon is >= -180 and <= 180;
            if (latitudeOk && longitudeOk && !(latitude == 0 && longitude == 0) && GeoPoint.IsValid(latitude!.Value, longitude!.Value))
            {
                return new GeoPoint(latitude.Value, longitude.Value);
            }

            var element = !latitudeOk ? "latitude" : !longitudeOk ? "longitude" : null;
            var what = element is null
                ? "is 0, 0 (an unset position, in the Gulf of Guinea)"
                : $"has {element} '{(element == "latitude" ? rawLatitude : rawLongitude)}', outside WGS 84 ({(element == "latitude" ? "−90..90" : "−180..180")})";
            problem = ($"Location.position ({rawLatitude}, {rawLongitude}) {what}.", element is null ? $"{root}.position" : $"{root}.position.{element}");
            return null;
        }

        /// <summary>Top-level Locations' positions are checked whatever the flow (SOS, pushed, referenced).</summary>
        public void CheckLocationPositions()
        {
            foreach (var location in locationResources.Values)
            {
                ReadPosition(location, "Location", out var problem);
                if (problem is { } found)
                {
                    Report(location, Reasons.InvalidPosition, found.Message + " The position was dropped, the place kept.", found.Expression);
                }
            }
        }

        /// <summary>
        /// Values Firely could not hold (a number beyond range, a wrong JSON type, an unknown code) that no rule
        /// above reported: each becomes an issue on its resource, the value ignored.
        /// </summary>
        public void ReportUnreadableValues()
        {
            var resources = practitionerResources.Cast<Resource>().Concat(roleResources).Concat(scheduleResources).Concat(slotResources)
                .Concat(locationResources.Values).Concat(organizationResources).Concat(serviceResources);
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
        private void Guard(Resource resource, Action map)
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
        private void Report(Resource resource, string reason, string message, string? expression) =>
            Issues.Add(new IngestionIssue(resource.TypeName, resource.Id, reason, message, expression, Rejected: false));

        /// <summary>A resource dropped before it could be read (no id, duplicate, unsupported type).</summary>
        private void Drop(string resourceType, string? nativeId, string reason, string message, string? expression = null) =>
            Issues.Add(new IngestionIssue(resourceType, nativeId, reason, message, expression));
    }
}
