using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// Builds the FHIR R4 shape the hub's normaliser expects for the PS flow, so a connector for a non-FHIR publisher
/// only maps its own fields: Practitioner (IDNPS identifier) ← PractitionerRole (contained Location: the practice
/// place) ← Schedule (actors Practitioner + PractitionerRole) ← Slot.
/// </summary>
public static class PsAgendaResources
{
    private const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private const string ContainedLocationId = "place";

    /// <summary>A Practitioner whose identifier is the prefixed national id (<c>8</c>+RPPS or <c>0</c>+ADELI).</summary>
    public static Practitioner Practitioner(string id, string nationalId, string? family, string? given)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(nationalId);
        var practitioner = new Practitioner
        {
            Id = id,
            Identifier = [new Identifier(KnownIdentifierSystems.PractitionerNationalId, nationalId)],
        };
        if (family is not null || given is not null)
        {
            practitioner.Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = given is null ? [] : [given] }];
        }

        return practitioner;
    }

    /// <summary>The practice place: a PractitionerRole with its Location contained (name, address, phones).</summary>
    public static PractitionerRole Role(string id, string practitionerId, PracticePlace place)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(practitionerId);
        ArgumentNullException.ThrowIfNull(place);
        var phones = place.Phones.Where(phone => !string.IsNullOrWhiteSpace(phone))
            .Select(phone => new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone))
            .ToList();
        var location = new Location
        {
            Id = ContainedLocationId,
            Name = place.Name,
            Address = new Address { Line = [.. place.AddressLines], City = place.City, PostalCode = place.PostalCode },
            Telecom = [.. phones.Select(phone => (ContactPoint)phone.DeepCopy())],
        };
        return new PractitionerRole
        {
            Id = id,
            Practitioner = new ResourceReference("Practitioner/" + practitionerId),
            Contained = [location],
            Location = [new ResourceReference("#" + ContainedLocationId)],
            Telecom = phones,
        };
    }

    /// <summary>
    /// fr-core <c>service-type-duration</c>, put on a PractitionerRole: the duration the practitioner gives one
    /// consultation mode at that place (the hub serves it in <c>$availability</c> and the export).
    /// </summary>
    public static Extension ServiceTypeDuration(ConsultationModes mode, int minutes)
    {
        var code = mode switch
        {
            ConsultationModes.Ambulatory => "AMB",
            ConsultationModes.HomeVisit => "HH",
            ConsultationModes.Virtual => "VR",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "One consultation mode: AMB, HH or VR."),
        };
        var extension = new Extension { Url = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-service-type-duration" };
        extension.Extension.Add(new Extension("serviceType", new CodeableConcept(ActCodeSystem, code)));
        extension.Extension.Add(new Extension("duration", new Duration { Value = minutes, Unit = "min", System = "http://unitsofmeasure.org", Code = "min" }));
        return extension;
    }

    public static Schedule Schedule(string id, string practitionerId, string roleId) => new()
    {
        Id = id,
        Actor = [new ResourceReference("Practitioner/" + practitionerId), new ResourceReference("PractitionerRole/" + roleId)],
    };

    /// <summary>
    /// A Slot: consultation modes become v3-ActCode serviceType codings (AMB, HH, VR), each motive a text-only
    /// serviceType, the booking URL the comment (as the IG does).
    /// </summary>
    public static Slot Slot(string id, string scheduleId, DateTimeOffset start, DateTimeOffset end, bool free, ConsultationModes modes, IEnumerable<string> motives, string? bookingUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(motives);
        var serviceTypes = new List<CodeableConcept>();
        foreach (var (mode, code) in new[] { (ConsultationModes.Ambulatory, "AMB"), (ConsultationModes.HomeVisit, "HH"), (ConsultationModes.Virtual, "VR") })
        {
            if (modes.HasFlag(mode))
            {
                serviceTypes.Add(new CodeableConcept(ActCodeSystem, code));
            }
        }

        serviceTypes.AddRange(motives.Where(motive => !string.IsNullOrWhiteSpace(motive)).Distinct(StringComparer.Ordinal).Select(motive => new CodeableConcept { Text = motive }));
        return new Slot
        {
            Id = id,
            Schedule = new ResourceReference("Schedule/" + scheduleId),
            Status = free ? Hl7.Fhir.Model.Slot.SlotStatus.Free : Hl7.Fhir.Model.Slot.SlotStatus.Busy,
            StartElement = new Instant(start),
            EndElement = new Instant(end),
            ServiceType = serviceTypes,
            Comment = bookingUrl,
        };
    }
}
