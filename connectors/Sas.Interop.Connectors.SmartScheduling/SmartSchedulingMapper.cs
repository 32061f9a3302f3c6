using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// Maps one fetch's SMART resources to the hub's PS shape, per practitioner: Practitioner, one PractitionerRole per
/// (SMART Location, practitioner) containing a copy of that Location, Schedule, Slot. Whatever it cannot map
/// becomes an <see cref="IngestionIssue"/>, never a silent skip.
/// </summary>
/// <remarks>
/// A place is the store's PractitionerRole + contained Location, owned by one practitioner (as an IG publisher
/// sends it). A SMART Location shared by several practitioners therefore becomes one role per practitioner, each
/// containing the same Location content (same identifiers, name, address, position, telecoms): the SAS sees the
/// same site under each practitioner, not one site per Schedule.
/// With <see cref="Structures"/> set (<c>Flow: structure</c>), Location-only Schedules are mapped instead, per
/// structure (SmartSchedulingMapper.Structures.cs).
/// </remarks>
internal sealed partial class SmartSchedulingMapper(
    Uri baseUrl,
    IReadOnlyDictionary<string, Location> locations,
    IReadOnlyDictionary<string, Schedule> schedules,
    IReadOnlyDictionary<string, Practitioner> practitioners,
    IReadOnlySet<string> roster)
{
    public const string BookingDeepLink = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link";
    public const string BookingPhone = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone";
    public const string SlotCapacity = "http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity";
    private const string IdPrefix = "ssl-";

    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PractitionerRole> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScheduleMapping> _mappings = new(StringComparer.Ordinal);
    private readonly List<IngestionIssue> _scheduleIssues = [];
    private readonly List<IngestionIssue> _slotIssues = [];

    /// <summary>The resources to send per roster key: a practitioner's national id, or a structure's (<c>Flow: structure</c>).</summary>
    public Dictionary<string, List<Resource>> ByRosterKey { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<Resource>> ByPractitioner => ByRosterKey;

    /// <summary>Set for a <c>Flow: structure</c> instance: Location-only Schedules are its agendas, practitioners' are skipped.</summary>
    public StructureAgendaSettings? Structures { get; init; }

    /// <summary>Schedules' issues first: the report keeps a bounded number of examples per reason.</summary>
    public IReadOnlyList<IngestionIssue> Issues => [.. _scheduleIssues, .. _slotIssues];

    public int SlotCount { get; private set; }

    /// <summary>Emits the schedule's practitioner, role and schedule once; reports it when it cannot be served.</summary>
    public ScheduleMapping AddSchedule(string scheduleId)
    {
        if (_mappings.TryGetValue(scheduleId, out var known))
        {
            return known;
        }

        var mapping = Structures is null ? Map(schedules[scheduleId]) : MapStructure(schedules[scheduleId]);
        _mappings[scheduleId] = mapping;
        if (mapping.Issue is { } issue)
        {
            _scheduleIssues.Add(issue);
        }

        if (mapping.OrganizationId is not null)
        {
            EmitStructure(scheduleId, mapping);
            return mapping;
        }

        if (mapping.NationalId is not { } nationalId || mapping.RoleId is null)
        {
            return mapping;
        }

        var resources = ResourcesOf(nationalId);
        if (_emitted.Add("Practitioner/" + mapping.PractitionerId))
        {
            var practitioner = PsAgendaResources.Practitioner(mapping.PractitionerId!, nationalId, null, null);
            var name = mapping.Name!;
            if (name.Family is not null || name.Given.Count > 0)
            {
                practitioner.Name = [new HumanName { Use = HumanName.NameUse.Official, Family = name.Family, Given = name.Given, Prefix = name.Prefix }];
            }

            // As sent: the normaliser checks the BCP-47 tags (a bad one is its feed-quality issue).
            practitioner.Communication = [.. mapping.Languages.Select(c => (CodeableConcept)c.DeepCopy())];

            resources.Add(practitioner);
        }

        if (_emitted.Add("PractitionerRole/" + mapping.RoleId))
        {
            var role = Role(mapping.RoleId, mapping.PractitionerId!, locations[mapping.LocationId!]);
            _roles[mapping.RoleId] = role;
            resources.Add(role);
        }

        resources.Add(PsAgendaResources.Schedule(IdPrefix + "s-" + scheduleId, mapping.PractitionerId!, mapping.RoleId));
        return mapping;
    }

    public void AddSlot(Slot slot, DateTimeOffset from, DateTimeOffset to)
    {
        var reference = slot.Schedule?.Reference;
        var scheduleId = reference is not null && reference.StartsWith("Schedule/", StringComparison.Ordinal) ? reference["Schedule/".Length..] : null;
        if (scheduleId is null)
        {
            _slotIssues.Add(new IngestionIssue("Slot", slot.Id, Reasons.MissingElement, "The Slot names no Schedule (as 'Schedule/id'); skipped.", "Slot.schedule"));
            return;
        }

        if (!schedules.ContainsKey(scheduleId))
        {
            _slotIssues.Add(new IngestionIssue("Slot", slot.Id, Reasons.BrokenReference, $"Schedule/{scheduleId} is not in the publisher's Schedule files; skipped.", "Slot.schedule"));
            return;
        }

        var start = slot.Start;
        var end = slot.End;
        if (start is null || end is null)
        {
            _slotIssues.Add(new IngestionIssue("Slot", slot.Id, Reasons.MissingElement, "The Slot lacks its start or end; skipped.", "Slot.start"));
            return;
        }

        // Outside the window is not a loss: the hub asks only for its window.
        if (start < from || start > to)
        {
            return;
        }

        var mapping = AddSchedule(scheduleId);
        if (!mapping.Served)
        {
            if (mapping.Issue is { } skipped)
            {
                _slotIssues.Add(new IngestionIssue("Slot", slot.Id, skipped.Reason, $"Its Schedule/{scheduleId} was skipped ({skipped.Message}); the slot is not served.", "Slot.schedule"));
            }

            return;
        }

        var capacity = (slot.GetExtension(SlotCapacity)?.Value as Integer)?.Value;
        var free = slot.Status == Slot.SlotStatus.Free && capacity is null or > 0;
        var bookingUrl = slot.GetExtension(BookingDeepLink)?.Value switch
        {
            FhirUri uri => uri.Value,
            FhirUrl url => url.Value,
            FhirString text => text.Value,
            _ => null,
        };
        var mapped = PsAgendaResources.Slot(IdPrefix + slot.Id, IdPrefix + "s-" + scheduleId, start.Value, end.Value, free, ConsultationModes.None, [], bookingUrl);
        if (capacity is { } value)
        {
            // Carried for the normaliser; the canonical Slot has no capacity, so it is not stored (connectors/README.md).
            mapped.Extension.Add(new Extension(SlotCapacity, new Integer(value)));
        }

        // SMART slots are R4 Slots: a feed that marks surbooking (Slot.overbooked) says what an IG publisher would.
        mapped.Overbooked = slot.Overbooked == true ? true : null;

        // The booking phone is how the SAS regulator books: the role's telecom (once per number).
        // A structure's: its Location's, where the normaliser reads a structure place's telecoms.
        var telecoms = mapping.RoleId is not null ? _roles.GetValueOrDefault(mapping.RoleId)?.Telecom : StructureTelecoms(mapping);
        if ((slot.GetExtension(BookingPhone)?.Value as FhirString)?.Value is { Length: > 0 } phone
            && telecoms is not null && !telecoms.Any(t => t.Value == phone))
        {
            telecoms.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone));
        }

        ByRosterKey[mapping.NationalId!].Add(mapped);
        SlotCount++;
    }

    private ScheduleMapping Map(Schedule schedule)
    {
        var resolved = ResolvePractitioner(schedule);
        if (resolved.Issue is not null || resolved.NationalId is null)
        {
            return resolved;
        }

        if (!roster.Contains(resolved.NationalId))
        {
            // Configuration, not loss: the instance takes only its roster's agendas from a shared feed.
            return ScheduleMapping.OutsideRoster;
        }

        var locationReference = schedule.Actor.Select(a => a.Reference).FirstOrDefault(r => r?.StartsWith("Location/", StringComparison.Ordinal) == true);
        if (locationReference is null)
        {
            return ScheduleMapping.Skipped(Issue(schedule, Reasons.MissingElement, $"The Schedule of practitioner {resolved.NationalId} names no Location actor, so it has no place to serve; skipped."));
        }

        var locationId = locationReference["Location/".Length..];
        if (!locations.ContainsKey(locationId))
        {
            return ScheduleMapping.Skipped(Issue(schedule, Reasons.BrokenReference, $"{locationReference} is not in the publisher's Location files; skipped."));
        }

        return resolved with
        {
            LocationId = locationId,
            PractitionerId = IdPrefix + "p-" + resolved.NationalId,

            // One place per (SMART Location, practitioner): a practitioner's schedules at one site share it.
            RoleId = IdPrefix + "r-" + resolved.NationalId + "-" + locationId,
        };
    }

    /// <summary>
    /// The practitioner of a Schedule: an actor carrying an IDNPS identifier (a logical reference, the display being
    /// the name), or an actor 'Practitioner/id' resolved in the publisher's Practitioner files.
    /// </summary>
    private ScheduleMapping ResolvePractitioner(Schedule schedule)
    {
        foreach (var actor in schedule.Actor)
        {
            if (actor.Identifier is { System: KnownIdentifierSystems.PractitionerNationalId } identifier)
            {
                if (!NationalIdentifiers.TryNormalizePractitioner(identifier.Value, out var nationalId, out var error))
                {
                    return ScheduleMapping.Skipped(Issue(schedule, Reasons.BadIdentifier, $"The practitioner actor's identifier is unusable: {error} Skipped."));
                }

                var resource = PractitionerResource(actor.Reference);
                var name = resource is not null && NameOf(resource) is { } structured ? structured : PractitionerName.Parse(actor.Display);
                return new ScheduleMapping(nationalId, name, null) { Languages = resource?.Communication ?? [] };
            }
        }

        foreach (var actor in schedule.Actor.Where(a => a.Reference?.StartsWith("Practitioner/", StringComparison.Ordinal) == true))
        {
            if (PractitionerResource(actor.Reference) is not { } resource)
            {
                return ScheduleMapping.Skipped(Issue(schedule, Reasons.BrokenReference, $"{actor.Reference} is not in the publisher's Practitioner files; skipped."));
            }

            var value = resource.Identifier.FirstOrDefault(i => i.System == KnownIdentifierSystems.PractitionerNationalId)?.Value;
            if (!NationalIdentifiers.TryNormalizePractitioner(value, out var nationalId, out var error))
            {
                return ScheduleMapping.Skipped(Issue(schedule, Reasons.BadIdentifier, $"{actor.Reference} has no usable national id ({KnownIdentifierSystems.PractitionerNationalId}): {error} Skipped."));
            }

            return new ScheduleMapping(nationalId, NameOf(resource) ?? PractitionerName.Parse(actor.Display), null) { Languages = resource.Communication };
        }

        var where = schedule.Actor.Select(a => a.Reference).FirstOrDefault(r => r?.StartsWith("Location/", StringComparison.Ordinal) == true);
        return ScheduleMapping.Skipped(Issue(
            schedule,
            Reasons.StructureAgenda,
            $"The Schedule names no practitioner{(where is null ? string.Empty : $" (only {where})")}: a structure's agenda, which an instance with Flow 'structure' serves when its Organizations list the Location's FINESS or SIRET; skipped."));
    }

    private List<Resource> ResourcesOf(string rosterKey) =>
        ByRosterKey.TryGetValue(rosterKey, out var list) ? list : ByRosterKey[rosterKey] = [];

    private Practitioner? PractitionerResource(string? reference) =>
        reference is not null && reference.StartsWith("Practitioner/", StringComparison.Ordinal) ? practitioners.GetValueOrDefault(reference["Practitioner/".Length..]) : null;

    private static PractitionerName? NameOf(Practitioner practitioner) =>
        (practitioner.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? practitioner.Name.FirstOrDefault()) is { } name ? PractitionerName.From(name) : null;

    private static IngestionIssue Issue(Schedule schedule, string reason, string message) =>
        new("Schedule", schedule.Id, reason, message, "Schedule.actor");

    /// <summary>The IG-shaped role: the SMART Location copied whole as its contained Location, its telecoms on the role.</summary>
    private PractitionerRole Role(string roleId, string practitionerId, Location source)
    {
        var phones = source.Telecom.Where(t => t.System == ContactPoint.ContactPointSystem.Phone).Select(t => t.Value).OfType<string>().ToList();
        var place = new PracticePlace(source.Name, [.. (source.Address?.Line ?? []).OfType<string>()], source.Address?.City, source.Address?.PostalCode, phones);
        var role = PsAgendaResources.Role(roleId, practitionerId, place);
        var contained = role.Contained.OfType<Location>().Single();

        // Everything the publisher said of the site (identifiers, FINESS included, position, district, url…).
        var location = (Location)source.DeepCopy();
        location.Id = contained.Id;
        location.Meta = null;
        location.Contained.Clear();
        location.Identifier = [.. Identifiers(source)];
        role.Contained = [location];

        // The normaliser reads the place's telecoms from the role: the site's url and e-mail go there too.
        role.Telecom.AddRange(source.Telecom
            .Where(t => t.System != ContactPoint.ContactPointSystem.Phone && !string.IsNullOrWhiteSpace(t.Value))
            .Select(t => (ContactPoint)t.DeepCopy()));
        return role;
    }

    // National structure ids (FINESS…) first: the store keeps the place's first identifier. A Location without any
    // is identified by its id in the publisher's namespace, so every practitioner's copy names the same site.
    private IEnumerable<Identifier> Identifiers(Location source)
    {
        var withValue = source.Identifier.Where(i => !string.IsNullOrWhiteSpace(i.Value)).ToList();
        foreach (var identifier in withValue.Where(i => i.System == KnownIdentifierSystems.StructureNationalId))
        {
            var copy = (Identifier)identifier.DeepCopy();
            if (NationalIdentifiers.TryNormalizeStructure(identifier.Value, out var normalized, out _))
            {
                copy.Value = normalized;
            }

            yield return copy;
        }

        foreach (var identifier in withValue.Where(i => i.System != KnownIdentifierSystems.StructureNationalId))
        {
            yield return (Identifier)identifier.DeepCopy();
        }

        if (withValue.Count == 0)
        {
            yield return new Identifier(baseUrl.AbsoluteUri.TrimEnd('/') + "/Location", source.Id);
        }
    }
}
