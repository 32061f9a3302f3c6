using System.Globalization;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// Builds the FHIR R4 shape the hub's normaliser expects for the PS flow, so a connector for a non-FHIR publisher
/// only maps its own fields: Practitioner (IDNPS identifier) ← PractitionerRole (contained Location: the practice
/// place) ← Schedule (actors Practitioner + PractitionerRole) ← Slot. Every field the SAS is served has an argument
/// here (the overloads taking <see cref="PsPractitionerDetails"/>, <see cref="PsRoleDetails"/>, <see cref="PsSlotDetails"/>);
/// the codes and URLs written are <see cref="ConnectorCodeSystems"/>'.
/// </summary>
public static class PsAgendaResources
{
    private const string ContainedLocationId = "place";

    /// <summary>What <c>PractitionerRole.notAvailable.description</c> says when the publisher gives none (R4 requires one).</summary>
    private const string DefaultUnavailabilityDescription = "Indisponible";

    private static readonly (ConsultationModes Mode, string Code)[] ModeCodes =
        [(ConsultationModes.Ambulatory, ConnectorCodeSystems.ModeAmbulatory), (ConsultationModes.HomeVisit, ConnectorCodeSystems.ModeHomeVisit), (ConsultationModes.Virtual, ConnectorCodeSystems.ModeVirtual)];

    private static readonly (SlotTypes Type, string Code)[] SlotTypeCodes =
        [(SlotTypes.Public, ConnectorCodeSystems.SlotTypePublic), (SlotTypes.Pro, ConnectorCodeSystems.SlotTypePro), (SlotTypes.Snp, ConnectorCodeSystems.SlotTypeSnp), (SlotTypes.Cpts, ConnectorCodeSystems.SlotTypeCpts)];

    /// <summary>A Practitioner whose identifier is the prefixed national id (<c>8</c>+RPPS or <c>0</c>+ADELI).</summary>
    public static Practitioner Practitioner(string id, string nationalId, string? family, string? given)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(nationalId);
        var practitioner = new Practitioner
        {
            Id = id,
            Identifier = [new Identifier(ConnectorCodeSystems.PractitionerNationalId, nationalId)],
        };
        if (family is not null || given is not null)
        {
            practitioner.Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = given is null ? [] : [given] }];
        }

        return practitioner;
    }

    /// <summary>
    /// A Practitioner with what the SAS also sees of the person: languages (<c>communication</c>, BCP-47) and their own
    /// phones and e-mails (<c>telecom</c>).
    /// </summary>
    public static Practitioner Practitioner(string id, string nationalId, string? family, string? given, PsPractitionerDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var practitioner = Practitioner(id, nationalId, family, given);
        practitioner.Telecom = Telecoms(details.Phones, details.Emails);
        foreach (var language in details.Languages.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            practitioner.Communication.Add(new CodeableConcept(ConnectorCodeSystems.Bcp47, language));
        }

        return practitioner;
    }

    /// <summary>The practice place: a PractitionerRole with its Location contained (name, address, phones, position, hours).</summary>
    public static PractitionerRole Role(string id, string practitionerId, PracticePlace place)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(practitionerId);
        ArgumentNullException.ThrowIfNull(place);
        var phones = Telecoms(place.Phones, place.Emails);
        var location = new Location
        {
            Id = ContainedLocationId,
            Name = place.Name,
            Address = new Address { Line = [.. place.AddressLines], City = place.City, PostalCode = place.PostalCode },
            Telecom = [.. phones.Select(phone => (ContactPoint)phone.DeepCopy())],
            Position = Position(place),
            HoursOfOperation = [.. place.OpeningHours.Select(HoursOfOperation)],
        };
        if (place.SiteNationalId is { } siteId)
        {
            location.Identifier.Add(new Identifier(ConnectorCodeSystems.StructureNationalId, StructureNationalId(siteId, nameof(PracticePlace.SiteNationalId))));
        }

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
    /// The practice place with what the SAS also sees of the practitioner there: specialties, the structure they work
    /// for, whether the role is active, their unavailabilities and their home-visit perimeter.
    /// </summary>
    public static PractitionerRole Role(string id, string practitionerId, PracticePlace place, PsRoleDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var role = Role(id, practitionerId, place);
        role.Specialty = [.. details.Specialties.Select(Concept)];
        if (details.OrganizationNationalId is { } organization)
        {
            role.Organization = new ResourceReference
            {
                Identifier = new Identifier(ConnectorCodeSystems.StructureNationalId, StructureNationalId(organization, nameof(PsRoleDetails.OrganizationNationalId))),
            };
        }

        // Absent reads as active: only an inactive role says so.
        role.Active = details.Active ? null : false;
        foreach (var unavailability in details.NotAvailable)
        {
            ArgumentNullException.ThrowIfNull(unavailability, nameof(details));
            role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent
            {
                Description = unavailability.Description ?? DefaultUnavailabilityDescription,
                During = unavailability.Start is null && unavailability.End is null
                    ? null
                    : new Period(unavailability.Start is { } start ? new FhirDateTime(start) : null, unavailability.End is { } end ? new FhirDateTime(end) : null),
            });
        }

        if (details.HomeVisitRadiusKm is { } km)
        {
            role.Extension.Add(new Extension(ConnectorCodeSystems.HomeVisitRadiusExtension, new Quantity
            {
                Value = (decimal)km,
                Unit = "km",
                System = ConnectorCodeSystems.Ucum,
                Code = "km",
            }));
        }

        return role;
    }

    /// <summary>
    /// fr-core <c>service-type-duration</c>, put on a PractitionerRole: the duration the practitioner gives one
    /// consultation mode at that place (the hub serves it in <c>$availability</c> and the export), 1 to 1440 minutes.
    /// </summary>
    public static Extension ServiceTypeDuration(ConsultationModes mode, int minutes)
    {
        var code = ModeCodes.Where(m => m.Mode == mode).Select(m => m.Code).FirstOrDefault()
            ?? throw new ArgumentOutOfRangeException(nameof(mode), mode, "One consultation mode: AMB, HH or VR.");
        if (minutes is < 1 or > 1440)
        {
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "A consultation lasts 1 minute to 24 hours (the hub ignores any other duration).");
        }

        var extension = new Extension { Url = ConnectorCodeSystems.ServiceTypeDurationExtension };
        extension.Extension.Add(new Extension("serviceType", new CodeableConcept(ConnectorCodeSystems.ActCode, code)));
        extension.Extension.Add(new Extension("duration", new Duration { Value = minutes, Unit = "min", System = ConnectorCodeSystems.Ucum, Code = "min" }));
        return extension;
    }

    public static Schedule Schedule(string id, string practitionerId, string roleId) => new()
    {
        Id = id,
        Actor = [new ResourceReference("Practitioner/" + practitionerId), new ResourceReference("PractitionerRole/" + roleId)],
    };

    /// <summary>A Schedule that may be inactive (<c>Schedule.active = false</c>: none of its slots is served).</summary>
    public static Schedule Schedule(string id, string practitionerId, string roleId, bool active)
    {
        var schedule = Schedule(id, practitionerId, roleId);
        schedule.Active = active ? null : false;
        return schedule;
    }

    /// <summary>
    /// A Slot: consultation modes become v3-ActCode serviceType codings (AMB, HH, VR), each motive a text-only
    /// serviceType, the booking URL the comment (as the IG does).
    /// </summary>
    public static Slot Slot(string id, string scheduleId, DateTimeOffset start, DateTimeOffset end, bool free, ConsultationModes modes, IEnumerable<string> motives, string? bookingUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(motives);
        var serviceTypes = new List<CodeableConcept>();
        foreach (var (mode, code) in ModeCodes)
        {
            if (modes.HasFlag(mode))
            {
                serviceTypes.Add(new CodeableConcept(ConnectorCodeSystems.ActCode, code));
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

    /// <summary>
    /// A Slot with its TRE_R314 types (<c>meta.security</c>), its own specialties, its v2-0276 appointment type and
    /// whether it is overbooked.
    /// </summary>
    public static Slot Slot(string id, string scheduleId, DateTimeOffset start, DateTimeOffset end, bool free, ConsultationModes modes, IEnumerable<string> motives, string? bookingUrl, PsSlotDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        if ((details.Types & ~(SlotTypes.Public | SlotTypes.Pro | SlotTypes.Snp | SlotTypes.Cpts)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(details), details.Types, "Slot types are PUBLIC, PRO, SNP and CPTS (SlotTypes flags).");
        }

        var slot = Slot(id, scheduleId, start, end, free, modes, motives, bookingUrl);
        foreach (var (type, code) in SlotTypeCodes.Where(t => details.Types.HasFlag(t.Type)))
        {
            slot.Meta ??= new Meta();
            slot.Meta.Security.Add(new Coding(ConnectorCodeSystems.SlotType, code));
        }

        slot.Specialty = [.. details.Specialties.Select(Concept)];
        slot.AppointmentType = details.AppointmentKind switch
        {
            AppointmentKind.Unspecified => null,
            AppointmentKind.Routine => new CodeableConcept(ConnectorCodeSystems.AppointmentType, ConnectorCodeSystems.AppointmentTypeRoutine),
            AppointmentKind.WalkIn => new CodeableConcept(ConnectorCodeSystems.AppointmentType, ConnectorCodeSystems.AppointmentTypeWalkIn),
            _ => throw new ArgumentOutOfRangeException(nameof(details), details.AppointmentKind, "An appointment kind is Routine, WalkIn or Unspecified."),
        };
        slot.Overbooked = details.Overbooked ? true : null;
        return slot;
    }

    private static List<ContactPoint> Telecoms(IEnumerable<string> phones, IEnumerable<string> emails) =>
        [
            .. phones.Where(phone => !string.IsNullOrWhiteSpace(phone))
                .Select(phone => new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone)),
            .. emails.Where(email => !string.IsNullOrWhiteSpace(email))
                .Select(email => new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Work, email.Trim())),
        ];

    private static Location.PositionComponent? Position(PracticePlace place)
    {
        if (place.Latitude is null && place.Longitude is null)
        {
            return null;
        }

        if (place.Latitude is not { } latitude || place.Longitude is not { } longitude)
        {
            throw new ArgumentException("A place's position needs both Latitude and Longitude.", nameof(place));
        }

        if (latitude == 0 && longitude == 0)
        {
            throw new ArgumentException("Position 0, 0 (in the Gulf of Guinea) is an unset field: the hub would drop it; leave Latitude and Longitude null instead.", nameof(place));
        }

        return new Location.PositionComponent { Latitude = (decimal)latitude, Longitude = (decimal)longitude };
    }

    private static Location.HoursOfOperationComponent HoursOfOperation(OpeningHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return new Location.HoursOfOperationComponent
        {
            DaysOfWeek = [.. hours.Days.Select(DayCode)],
            AllDay = hours.AllDay ? true : null,
            OpeningTime = hours.Opening?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ClosingTime = hours.Closing?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        };
    }

    private static DaysOfWeek? DayCode(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => DaysOfWeek.Mon,
        DayOfWeek.Tuesday => DaysOfWeek.Tue,
        DayOfWeek.Wednesday => DaysOfWeek.Wed,
        DayOfWeek.Thursday => DaysOfWeek.Thu,
        DayOfWeek.Friday => DaysOfWeek.Fri,
        DayOfWeek.Saturday => DaysOfWeek.Sat,
        _ => DaysOfWeek.Sun,
    };

    private static CodeableConcept Concept(Specialty specialty)
    {
        ArgumentNullException.ThrowIfNull(specialty);
        return new CodeableConcept(specialty.System, specialty.Code, specialty.Display, null);
    }

    // Prefixed, as the hub stores and serves it: a bare FINESS or SIRET is refused with the value to write instead.
    private static string StructureNationalId(string value, string parameter)
    {
        if (!NationalIdentifiers.TryNormalizeStructure(value, out var normalized, out var error))
        {
            throw new ArgumentException(error + $" ({ConnectorCodeSystems.FinessPrefix}+FINESS or {ConnectorCodeSystems.SiretPrefix}+SIRET)", parameter);
        }

        if (normalized != value)
        {
            throw new ArgumentException($"'{value}' is not a prefixed structure national id: write '{normalized}' ({ConnectorCodeSystems.FinessPrefix}+FINESS or {ConnectorCodeSystems.SiretPrefix}+SIRET).", parameter);
        }

        return value;
    }
}
