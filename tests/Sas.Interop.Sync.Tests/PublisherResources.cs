using Hl7.Fhir.Model;

namespace Sas.Interop.Sync.Tests;

/// <summary>What an IG-conformant publisher returns for one practitioner: Practitioner, PractitionerRole, Schedule, Slots.</summary>
internal static class PublisherResources
{
    public static List<Resource> For(string nationalId, DateTimeOffset firstSlot, int slots)
    {
        var practitioner = new Practitioner
        {
            Id = "p" + nationalId,
            Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", nationalId) { Type = new CodeableConcept("http://interopsante.org/fhir/CodeSystem/fr-v2-0203", "IDNPS") }],
            Name = [new HumanName { Family = "MARTIN", Given = ["Claire"] }],
        };
        var location = new Location
        {
            Id = "loc",
            Identifier = [new Identifier("https://publisher.example/location", "L" + nationalId) { Type = new CodeableConcept("http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type", "INTRN") }],
            Address = new Address { Line = ["3 place du Capitole"], City = "TOULOUSE", PostalCode = "31000" },
        };
        var role = new PractitionerRole
        {
            Id = "r" + nationalId,
            Contained = [location],
            Practitioner = new ResourceReference("Practitioner/p" + nationalId),
            Location = [new ResourceReference("#loc")],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "05 61 00 00 00")],
        };
        var schedule = new Schedule
        {
            Id = "s" + nationalId,
            Actor = [new ResourceReference("Practitioner/p" + nationalId), new ResourceReference("PractitionerRole/r" + nationalId)],
        };
        var resources = new List<Resource> { practitioner, role, schedule };
        for (var i = 0; i < slots; i++)
        {
            var start = firstSlot.AddMinutes(30 * i);
            resources.Add(new Slot
            {
                Id = $"slot-{nationalId}-{i}",
                Meta = new Meta { Security = [new Coding("https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau", "SNP")] },
                ServiceType = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB")],
                Schedule = new ResourceReference("Schedule/s" + nationalId),
                Status = Slot.SlotStatus.Free,
                StartElement = new Instant(start),
                EndElement = new Instant(start.AddMinutes(20)),
                Comment = "https://publisher.example/agenda",
            });
        }

        return resources;
    }
}
