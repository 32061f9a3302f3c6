using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Profiles;

namespace Sas.Interop.Fhir.Tests.TestSupport;

/// <summary>Small, valid publisher answers (one practitioner, place, schedule, slot) that tests then bend.</summary>
internal static class PublisherResources
{
    public const string NationalId = "810100050075";
    public static readonly DateTimeOffset SlotStart = new(2021, 11, 5, 9, 0, 0, TimeSpan.FromHours(1));

    public static Practitioner Practitioner(string id = "p1", string nationalId = NationalId) => new()
    {
        Id = id,
        Identifier = [new Identifier(KnownIdentifierSystems.PractitionerNationalId, nationalId)],
        Name = [new HumanName { Family = "THOMAS", Given = ["Sébastien"] }],
    };

    public static PractitionerRole Role(string id = "r1", string practitionerId = "p1") => new()
    {
        Id = id,
        Contained =
        [
            new Location
            {
                Id = "l1",
                Identifier = [new Identifier("urn:oid:1.1.111.1.111.1.1.1", "1")],
                Address = new Address { Line = ["1 rue Mme DELMAS"], City = "AGEN", PostalCode = "47000" },
            },
        ],
        Practitioner = new ResourceReference($"Practitioner/{practitionerId}"),
        Location = [new ResourceReference("#l1")],
    };

    public static Schedule Schedule(string id = "s1", string practitionerId = "p1", string roleId = "r1") => new()
    {
        Id = id,
        Actor = [new ResourceReference($"Practitioner/{practitionerId}"), new ResourceReference($"PractitionerRole/{roleId}")],
    };

    public static Slot Slot(string id = "slot1", string scheduleId = "s1", DateTimeOffset? start = null) => new()
    {
        Id = id,
        Meta = new Meta { Security = [new Coding(SasCodeSystems.SlotType, "PUBLIC")] },
        Schedule = new ResourceReference($"Schedule/{scheduleId}"),
        Status = Hl7.Fhir.Model.Slot.SlotStatus.Free,
        Start = start ?? SlotStart,
        End = (start ?? SlotStart).AddMinutes(30),
    };

    public static List<Resource> OneOfEach() => [Practitioner(), Role(), Schedule(), Slot()];
}
