using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// Turns the model's plain agenda values into IG-shaped FHIR resources. Practitioners, their roles and the pool of
/// places come from the sample publisher's deterministic generator (valid RPPS, structure ids, addresses); schedules
/// and slots are built here from the model.
/// </summary>
internal sealed partial class AgendaResources
{
    public const string SlotProfile = "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur";
    public const string SlotTypeSystem = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private const string ScheduleProfile = "http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur";
    private const string SpecialtySystem = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
    private const string AppointmentTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0276";

    private readonly Dictionary<string, Practitioner> _practitioners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PractitionerRole> _roles = new(StringComparer.Ordinal);

    public AgendaResources(int practitionerCount, int seed)
    {
        var generated = PublisherSimulator.GenerateResources(new PublisherSimulatorOptions { Name = "model", PractitionerCount = practitionerCount, Seed = seed, Days = 1 });
        var places = new List<Location>();
        foreach (var practitioner in generated.OfType<Practitioner>())
        {
            var nationalId = practitioner.Identifier[0].Value;
            practitioner.Meta.LastUpdated = null;
            _practitioners[nationalId] = practitioner;
            NationalIds.Add(nationalId);
            Families.Add(practitioner.Name[0].Family);
        }

        foreach (var role in generated.OfType<PractitionerRole>())
        {
            places.Add((Location)role.Contained.OfType<Location>().Single().DeepCopy());
            var owner = _practitioners.Single(p => "Practitioner/" + p.Value.Id == role.Practitioner.Reference).Key;
            role.Meta.LastUpdated = null;
            _roles.TryAdd(owner, role);
        }

        Places = places;
    }

    /// <summary>Prefixed RPPS of the practitioners, generator order.</summary>
    public List<string> NationalIds { get; } = [];

    /// <summary>The generated family names (a pool for renames).</summary>
    public List<string> Families { get; } = [];

    public IReadOnlyList<Location> Places { get; }

    /// <summary>How a place is compared: what the SAS shows of it.</summary>
    public string PlaceKey(int place) => PlaceKeyOf(Places[place]);

    public static string PlaceKeyOf(Location location) =>
        string.Join(" ", location.Address?.Line ?? []) + ", " + location.Address?.PostalCode + " " + location.Address?.City;

    public static string ScheduleId(string nationalId) => "sched-" + nationalId;

    public static string RoleId(string nationalId) => "role-" + nationalId;

    /// <summary>The pulled publisher's whole agenda as the resources it serves.</summary>
    public IEnumerable<Resource> Agenda(IEnumerable<AgendaPractitioner> practitioners, DateTimeOffset lastUpdated)
    {
        foreach (var practitioner in practitioners)
        {
            foreach (var resource in PractitionerResources(practitioner.NationalId, practitioner.Family, practitioner.Place, practitioner.Unavailability))
            {
                yield return resource;
            }

            foreach (var slot in practitioner.Slots.Values)
            {
                yield return Slot(slot, practitioner.NationalId, lastUpdated);
            }
        }
    }

    /// <summary>Practitioner, PractitionerRole (contained place) and Schedule of one practitioner.</summary>
    public IEnumerable<Resource> PractitionerResources(string nationalId, string family, int place, AgendaUnavailability? unavailability = null)
    {
        var practitioner = (Practitioner)_practitioners[nationalId].DeepCopy();
        practitioner.Id = "pr-" + nationalId;
        practitioner.Name[0].Family = family;
        var role = (PractitionerRole)_roles[nationalId].DeepCopy();
        role.Id = RoleId(nationalId);
        role.Practitioner = new ResourceReference("Practitioner/" + practitioner.Id);
        var location = (Location)Places[place].DeepCopy();
        location.Id = "location";
        role.Contained = [location];
        var schedule = new Schedule
        {
            Id = ScheduleId(nationalId),
            Meta = new Meta { Profile = [ScheduleProfile] },
            Actor = [new ResourceReference("Practitioner/" + practitioner.Id), new ResourceReference("PractitionerRole/" + role.Id)],
        };
        Declare(role, schedule, unavailability);
        yield return practitioner;
        yield return role;
        yield return schedule;
    }

    public static Slot Slot(AgendaSlot slot, string nationalId, DateTimeOffset? lastUpdated, Identifier? identifier = null)
    {
        var meta = new Meta { Profile = [SlotProfile], LastUpdated = lastUpdated };
        foreach (var type in slot.Types.Split('+'))
        {
            meta.Security.Add(new Coding(SlotTypeSystem, type));
        }

        var resource = new Slot
        {
            Id = identifier is null ? slot.Id : null,
            Meta = meta,
            ServiceType = [.. slot.Modes.Split('+').Select(mode => new CodeableConcept(ActCodeSystem, mode))],
            Specialty = [new CodeableConcept(SpecialtySystem, "SM54", "Médecine générale", null)],
            AppointmentType = new CodeableConcept(AppointmentTypeSystem, "ROUTINE"),
            Schedule = new ResourceReference("Schedule/" + ScheduleId(nationalId)),
            Status = slot.Free ? Hl7.Fhir.Model.Slot.SlotStatus.Free : Hl7.Fhir.Model.Slot.SlotStatus.Busy,
            Start = slot.Start,
            End = slot.End,
            Comment = "https://model.example/agenda/" + nationalId,
        };
        if (identifier is not null)
        {
            resource.Identifier = [identifier];
        }

        return resource;
    }

    /// <summary>R7 as a publisher says it: PractitionerRole.notAvailable (with or without during), active=false on the role or the schedule.</summary>
    public static void Declare(PractitionerRole role, Schedule schedule, AgendaUnavailability? unavailability)
    {
        switch (unavailability?.Kind)
        {
            case AgendaUnavailability.Period:
                role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent
                {
                    Description = "Congés",
                    During = new Period { StartElement = new FhirDateTime(unavailability.Start!.Value), EndElement = new FhirDateTime(unavailability.End!.Value) },
                });
                break;
            case AgendaUnavailability.Open:
                role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent { Description = "Indisponible jusqu'à nouvel ordre" });
                break;
            case AgendaUnavailability.InactiveRole:
                role.Active = false;
                break;
            case AgendaUnavailability.InactiveSchedule:
                schedule.Active = false;
                break;
        }
    }
}
