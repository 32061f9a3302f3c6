using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// <c>Flow: structure</c>: a Schedule naming only a Location (the SMART spec's own shape) is a structure's agenda when
/// the Location carries a FINESS or SIRET of the roster. It is sent in the IG's structure shape, as a sas-fhir
/// structure publisher sends it: Organization (the structure: <c>1</c>+FINESS or <c>3</c>+SIRET, typed from
/// <c>StructureType</c>) ← Location (a copy of the SMART Location, <c>managingOrganization</c> the structure) ←
/// Schedule (actor the Location) ← Slot.
/// </summary>
internal sealed partial class SmartSchedulingMapper
{
    // TRE_R66 CategorieEtablissement, as the IG's structure publishers type their Organization.
    private const string CategorieEtablissement = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";

    private readonly Dictionary<string, Location> _structureLocations = new(StringComparer.Ordinal);

    /// <summary>
    /// A Location-only Schedule's structure: the first FINESS or SIRET of its Location (system
    /// <c>urn:oid:1.2.250.1.71.4.2.2</c>, bare or prefixed) that the roster lists.
    /// </summary>
    private ScheduleMapping MapStructure(Schedule schedule)
    {
        // A practitioner's agenda belongs to a Flow 'ps' instance reading the same feed: configuration, not loss.
        if (schedule.Actor.Any(a => a.Identifier?.System == KnownIdentifierSystems.PractitionerNationalId || a.Reference?.StartsWith("Practitioner/", StringComparison.Ordinal) == true))
        {
            return ScheduleMapping.OutsideRoster;
        }

        var locationReference = schedule.Actor.Select(a => a.Reference).FirstOrDefault(r => r?.StartsWith("Location/", StringComparison.Ordinal) == true);
        if (locationReference is null)
        {
            return ScheduleMapping.Skipped(Issue(schedule, Reasons.MissingElement, "The Schedule names neither a practitioner nor a Location, so no structure can be found for it; skipped."));
        }

        var locationId = locationReference["Location/".Length..];
        if (!locations.TryGetValue(locationId, out var location))
        {
            return ScheduleMapping.Skipped(Issue(schedule, Reasons.BrokenReference, $"{locationReference} is not in the publisher's Location files; skipped."));
        }

        var declared = location.Identifier
            .Where(i => i.System == KnownIdentifierSystems.StructureNationalId && !string.IsNullOrWhiteSpace(i.Value))
            .Select(i => i.Value!.Trim())
            .ToList();
        if (declared.Count == 0)
        {
            return ScheduleMapping.Skipped(Issue(
                schedule,
                Reasons.MissingElement,
                $"Its {locationReference} carries no FINESS or SIRET (identifier system {KnownIdentifierSystems.StructureNationalId}, value 1+FINESS or 3+SIRET), so the structure whose agenda it is cannot be known; skipped."));
        }

        var structures = declared.Select(value => NationalIdentifiers.TryNormalizeFinessOrSiret(value, out var id, out _) ? id : null).OfType<string>().ToList();
        if (structures.Count == 0)
        {
            return ScheduleMapping.Skipped(Issue(
                schedule,
                Reasons.BadIdentifier,
                $"Its {locationReference} carries no usable FINESS or SIRET ('{string.Join("', '", declared)}': expected a FINESS, 9 characters or 10 with the '1' prefix, or a SIRET, 14 digits or 15 with the '3' prefix); skipped."));
        }

        if (structures.FirstOrDefault(roster.Contains) is not { } nationalId)
        {
            // Configuration, not loss: the instance takes only its roster's structures from a shared feed.
            return ScheduleMapping.OutsideRoster;
        }

        return new ScheduleMapping(nationalId, null, null)
        {
            LocationId = locationId,
            OrganizationId = IdPrefix + "o-" + nationalId,
        };
    }

    /// <summary>The structure's Organization and Location once each, and the Schedule.</summary>
    private void EmitStructure(string scheduleId, ScheduleMapping mapping)
    {
        var nationalId = mapping.NationalId!;
        var source = locations[mapping.LocationId!];
        var resources = ResourcesOf(nationalId);
        if (_emitted.Add("Organization/" + mapping.OrganizationId))
        {
            resources.Add(Organization(mapping.OrganizationId!, nationalId, source.Name));
        }

        var locationId = IdPrefix + "l-" + mapping.LocationId;
        if (_emitted.Add("Location/" + locationId))
        {
            var location = StructureLocation(locationId, mapping.OrganizationId!, nationalId, source);
            _structureLocations[mapping.LocationId!] = location;
            resources.Add(location);
        }

        resources.Add(new Schedule { Id = IdPrefix + "s-" + scheduleId, Actor = [new ResourceReference("Location/" + locationId)] });
    }

    private List<ContactPoint>? StructureTelecoms(ScheduleMapping mapping) =>
        mapping.LocationId is { } id ? _structureLocations.GetValueOrDefault(id)?.Telecom : null;

    /// <summary>
    /// The structure: SMART has no Organization, so its name is its (first) site's and its kind the instance's
    /// <c>StructureType</c>; no type lets the hub apply its default (FINESS: OTHER, SIRET: SOS).
    /// </summary>
    private Organization Organization(string id, string nationalId, string? name)
    {
        var organization = new Organization
        {
            Id = id,
            Identifier =
            [
                new Identifier(KnownIdentifierSystems.StructureNationalId, nationalId)
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrCoreV20203, KnownIdentifierSystems.IdnstCode),
                },
            ],
            Name = name,
        };
        var category = Structures?.StructureType switch
        {
            StructureTypes.Cds => "124",
            StructureTypes.Msp => "603",
            _ => null,
        };
        if (category is not null)
        {
            organization.Type = [new CodeableConcept(CategorieEtablissement, category)];
        }

        return organization;
    }

    /// <summary>Everything the publisher said of the site, the structure's id first, managed by the structure.</summary>
    private Location StructureLocation(string id, string organizationId, string nationalId, Location source)
    {
        var location = (Location)source.DeepCopy();
        location.Id = id;
        location.Meta = null;
        location.Contained.Clear();

        // References into the publisher's files the hub does not read.
        location.PartOf = null;
        location.Endpoint.Clear();
        var identifiers = Identifiers(source).ToList();
        location.Identifier = [.. identifiers.Where(i => i.System == KnownIdentifierSystems.StructureNationalId && i.Value == nationalId), .. identifiers.Where(i => !(i.System == KnownIdentifierSystems.StructureNationalId && i.Value == nationalId))];
        location.ManagingOrganization = new ResourceReference("Organization/" + organizationId);
        location.Telecom = [.. source.Telecom.Where(t => !string.IsNullOrWhiteSpace(t.Value)).Select(t => (ContactPoint)t.DeepCopy())];
        return location;
    }
}
