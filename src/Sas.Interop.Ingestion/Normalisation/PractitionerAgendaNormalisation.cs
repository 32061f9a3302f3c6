using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Elements;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// The PS individuel and CPTS flow: Practitioner, then PractitionerRole (the place, its Location contained), then the
/// Schedule naming them. A resource is kept when what it depends on was kept.
/// </summary>
internal sealed partial class PractitionerAgendaNormalisation(NormalisationRun run, PlaceGeocoding geocoding) : NormalisationStep(run)
{
    public void MapPractitioners()
    {
        foreach (var resource in PractitionerResources)
        {
            Guard(resource, () => MapPractitioner(resource));
        }

        // Stored practitioners were checked when stored.
        foreach (var stored in Stored.Practitioners)
        {
            KeepStored(Practitioners, "Practitioner", stored);
        }
    }

    private void MapPractitioner(Practitioner resource)
    {
        if (!TryReadNationalId(resource, out var nationalId, out var error))
        {
            Reject(resource, Reasons.BadIdentifier, error + " The practitioner was rejected.", "Practitioner.identifier");
            return;
        }

        if (Kind == SyncScopeKind.Practitioner && Asked is { } asked && !asked.Keys.Contains(nationalId, StringComparer.Ordinal))
        {
            Reject(resource, Reasons.OutOfScope, $"Practitioner {nationalId} was not asked for in this batch; rejected.", "Practitioner.identifier");
            return;
        }

        var name = resource.Name.FirstOrDefault(n => FhirValues.Enum(n.UseElement) == HumanName.NameUse.Official) ?? resource.Name.FirstOrDefault();
        Practitioners.Add(NativeIdOf(resource), Stamp(resource, new CanonicalPractitioner
        {
            SourceInstance = SourceInstance,
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
        foreach (var resource in RoleResources)
        {
            Guard(resource, () => MapPlace(resource));
        }

        // A stored place is usable while its practitioner is (the batch may reject or replace it).
        foreach (var stored in Stored.Places)
        {
            if (Practitioners.ContainsKey(stored.PractitionerNativeId))
            {
                KeepStored(Places, "PractitionerRole", stored);
            }
            else
            {
                RejectStored(("PractitionerRole", stored.NativeId), ("Practitioner", stored.PractitionerNativeId));
            }
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

        var address = geocoding.MapAddress(resource, location.Address, "PractitionerRole.contained.address");
        Places.Add(NativeIdOf(resource), Stamp(resource, new CanonicalPlace
        {
            SourceInstance = SourceInstance,
            NativeId = NativeIdOf(resource),
            PractitionerNativeId = practitionerId,
            LocationIdentifier = MapIdentifier(location.Identifier.FirstOrDefault(i => FhirValues.Text(i.Value) is not null)),
            LocationName = FhirValues.Text(location.Name),
            Address = address,
            Position = geocoding.Geocode(resource, location, address?.PostalCode),
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
        foreach (var resource in ScheduleResources)
        {
            Guard(resource, () => MapSchedule(resource));
        }

        // A stored practitioner's schedule, checked as MapSchedule checks a sent one against the places now known.
        foreach (var stored in Stored.Schedules)
        {
            if (stored.PlaceNativeId is not { } placeId)
            {
                continue;
            }

            if (!Places.TryGetValue(placeId, out var place))
            {
                RejectStored(("Schedule", stored.NativeId), ("PractitionerRole", placeId));
                continue;
            }

            var practitionerId = stored.PractitionerNativeId ?? place.PractitionerNativeId;
            if (practitionerId != place.PractitionerNativeId)
            {
                RejectStored(("Schedule", stored.NativeId), Reasons.InvalidValue);
                continue;
            }

            KeepStored(Schedules, "Schedule", stored with { PractitionerNativeId = practitionerId });
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
            SourceInstance = SourceInstance,
            NativeId = NativeIdOf(resource),
            PractitionerNativeId = practitionerId,
            PlaceNativeId = roleId,
            Active = FhirValues.Boolean(resource.ActiveElement) ?? true,
        }));
    }

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

        // Lenient: a role without its practitioner reference, linked to one by a Schedule naming both (sent, else stored).
        return ScheduleResources
            .Where(s => ActorId(s, "PractitionerRole") == NativeIdOf(resource))
            .Select(s => ActorId(s, "Practitioner"))
            .FirstOrDefault(p => p is not null)
            ?? Stored.Schedules
            .Where(s => s.PlaceNativeId == NativeIdOf(resource))
            .Select(s => s.PractitionerNativeId)
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
            return LocationResources.GetValueOrDefault(locationId) ?? contained.FirstOrDefault(l => l.Id == locationId);
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

    // A bare value "looks like" a structure id when it is a FINESS or SIRET, with or without its prefix.
    [GeneratedRegex(@"^(?:1?(?:\d{9}|2[AB]\d{7})|3?\d{14})$", RegexOptions.IgnoreCase)]
    private static partial Regex FinessOrSiretPattern();
}
