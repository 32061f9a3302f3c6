using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Profiles;
using CoreSlotStatus = Sas.Interop.Core.Canonical.SlotStatus;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>Canonical records to the IG's PS-individuel resources. Absent data is omitted, never sent empty.</summary>
internal static class CanonicalToFhir
{
    /// <summary>Id of the Location each PractitionerRole contains (one place, one Location).</summary>
    public const string ContainedLocationId = "loc";

    private static readonly (SlotTypes Flag, string Code)[] SlotTypeCodes =
        [(SlotTypes.Public, "PUBLIC"), (SlotTypes.Pro, "PRO"), (SlotTypes.Snp, "SNP"), (SlotTypes.Cpts, "CPTS")];

    private static readonly (ConsultationModes Flag, string Code)[] ModeCodes =
        [(ConsultationModes.Ambulatory, "AMB"), (ConsultationModes.HomeVisit, "HH"), (ConsultationModes.Virtual, "VR")];

    public static string IdOf(SourceRecord record) => ResourceIds.For(record.SourceInstance, record.NativeId);

    public static Slot ToSlot(CanonicalSlot record, SlotFlavour flavour = SlotFlavour.PsIndividual)
    {
        var (profile, allowedTypes) = flavour switch
        {
            // Each flow's profile binds meta.security to its own value set: PS (JDV_J165) has no CPTS, SOS only PUBLIC and SNP.
            SlotFlavour.Cpts => (SasProfiles.CptsSlot, SlotTypes.Public | SlotTypes.Pro | SlotTypes.Snp | SlotTypes.Cpts),
            SlotFlavour.Sos => (SasProfiles.SosSlot, SlotTypes.Public | SlotTypes.Snp),
            _ => (SasProfiles.Slot, SlotTypes.Public | SlotTypes.Pro | SlotTypes.Snp),
        };
        var slot = new Slot
        {
            Id = IdOf(record),
            Meta = MetaFor(profile, record),
            Schedule = new ResourceReference($"Schedule/{ResourceIds.For(record.SourceInstance, record.ScheduleNativeId)}"),
            Status = ToFhir(record.Status),
            StartElement = new Instant(record.Start),
            EndElement = new Instant(record.End),
            Comment = Text(record.BookingUrl),

            // Only a true is sent: false is R4's meaning of an absent overbooked, and absent data is omitted.
            Overbooked = record.Overbooked ? true : null,
        };

        foreach (var (flag, code) in SlotTypeCodes.Where(t => record.Types.HasFlag(t.Flag) && allowedTypes.HasFlag(t.Flag)))
        {
            slot.Meta.Security.Add(new Coding(SasCodeSystems.SlotType, code));
        }

        // IG order: one CodeableConcept per consultation mode, then one text-only entry per motive.
        foreach (var (flag, code) in ModeCodes.Where(m => record.Modes.HasFlag(m.Flag)))
        {
            slot.ServiceType.Add(new CodeableConcept(SasCodeSystems.ActCode, code));
        }

        // CPTS flow: one TRE_R66 604 entry per CPTS the slot is visible to, pointing to its HealthcareService.
        if (flavour == SlotFlavour.Cpts)
        {
            foreach (var serviceId in record.CptsServiceNativeIds)
            {
                var cpts = new CodeableConcept(SasCodeSystems.CategorieEtablissement, "604");
                cpts.Extension.Add(new Extension(SasProfiles.R5SlotServiceTypeExtension, new ResourceReference($"HealthcareService/{ResourceIds.For(record.SourceInstance, serviceId)}")));
                slot.ServiceType.Add(cpts);
            }
        }

        foreach (var motive in record.Motives.Select(Text).OfType<string>())
        {
            slot.ServiceType.Add(new CodeableConcept { Text = motive });
        }

        slot.Specialty.AddRange(ToConcepts(record.Specialties));
        slot.AppointmentType = record.AppointmentKind switch
        {
            AppointmentKind.Routine => new CodeableConcept(SasCodeSystems.AppointmentType, "ROUTINE"),
            AppointmentKind.WalkIn => new CodeableConcept(SasCodeSystems.AppointmentType, "WALKIN"),
            _ => null,
        };
        return slot;
    }

    /// <summary>A PS/CPTS agenda: its practitioner and place of consultation.</summary>
    public static Schedule ToSchedule(CanonicalSchedule record)
    {
        var schedule = new Schedule { Id = IdOf(record), Meta = MetaFor(SasProfiles.Schedule, record) };
        if (record.PractitionerNativeId is { } practitionerId)
        {
            schedule.Actor.Add(new ResourceReference($"Practitioner/{ResourceIds.For(record.SourceInstance, practitionerId)}"));
        }

        if (record.PlaceNativeId is { } placeId)
        {
            schedule.Actor.Add(new ResourceReference($"PractitionerRole/{ResourceIds.For(record.SourceInstance, placeId)}"));
        }

        return schedule;
    }

    /// <summary>An SOS agenda: one fixed consultation place.</summary>
    public static Schedule ToSosSchedule(CanonicalSchedule record) => new()
    {
        Id = IdOf(record),
        Meta = MetaFor(SasProfiles.SosSchedule, record),
        Actor = [new ResourceReference($"Location/{ResourceIds.For(record.SourceInstance, record.LocationNativeId!)}")],
    };

    public static HealthcareService ToHealthcareService(CanonicalHealthcareService record) => new()
    {
        Id = IdOf(record),
        Meta = MetaFor(SasProfiles.CptsHealthcareService, record),
        ProvidedBy = new ResourceReference($"Organization/{ResourceIds.For(record.SourceInstance, record.OrganizationNativeId)}"),
        Name = Text(record.Name),
    };

    /// <summary>A CPTS: the profile pattern types its FINESS with the FR Core identifier-type system (trap 2).</summary>
    public static Organization ToCptsOrganization(CanonicalOrganization record) =>
        ToOrganization(record, SasProfiles.CptsOrganization, KnownIdentifierSystems.FrCoreV20203);

    /// <summary>An SOS Médecins association: its SIRET typed with the Location identifier-type system (trap 2).</summary>
    public static Organization ToSosOrganization(CanonicalOrganization record) =>
        ToOrganization(record, SasProfiles.SosOrganization, KnownIdentifierSystems.FrLocationIdentifierType);

    /// <summary>
    /// An SOS fixed consultation place. The profile fixes the identifier type to INTRN (trap 3), so even a national
    /// id goes out typed INTRN, its system and value unchanged.
    /// </summary>
    public static Location ToSosLocation(CanonicalLocation record)
    {
        var identifierValue = Text(record.Identifier?.Value) ?? record.NativeId;
        var location = new Location
        {
            Id = IdOf(record),
            Meta = MetaFor(SasProfiles.SosLocation, record),
            Identifier =
            [
                new Identifier(Text(record.Identifier?.System) ?? LocationIdentifierSystem(record.SourceInstance), identifierValue)
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrLocationIdentifierType, KnownIdentifierSystems.IntrnCode),
                },
            ],

            // Location.name is 1..1 in the SOS profile; the identifier stands in when the publisher gave no name.
            Name = Text(record.Name) ?? identifierValue,
            Address = ToAddress(record.Address),
            ManagingOrganization = new ResourceReference($"Organization/{ResourceIds.For(record.SourceInstance, record.OrganizationNativeId)}"),
            Telecom = ToContactPoints(record.Telecoms),
        };
        foreach (var hours in record.Hours)
        {
            var component = new Location.HoursOfOperationComponent
            {
                DaysOfWeek = [.. hours.Days.Select(d => EnumUtility.ParseLiteral<DaysOfWeek>(d)).Where(d => d is not null)],
                AllDay = hours.AllDay ? true : null,
                OpeningTime = Text(hours.Opening),
                ClosingTime = Text(hours.Closing),
            };
            location.HoursOfOperation.Add(component);
        }

        return location;
    }

    private static Organization ToOrganization(CanonicalOrganization record, string profile, string identifierTypeSystem)
    {
        var organization = new Organization
        {
            Id = IdOf(record),
            Meta = MetaFor(profile, record),
            Name = Text(record.Name),
            Telecom = ToContactPoints(record.Telecoms),
        };
        if (record.NationalId is { } nationalId)
        {
            organization.Identifier.Add(new Identifier(KnownIdentifierSystems.StructureNationalId, nationalId)
            {
                Type = new CodeableConcept(identifierTypeSystem, KnownIdentifierSystems.IdnstCode),
            });
        }
        else if (Text(record.Identifier?.Value) is { } value)
        {
            organization.Identifier.Add(new Identifier(Text(record.Identifier?.System), value));
        }

        return organization;
    }

    public static Practitioner ToPractitioner(CanonicalPractitioner record)
    {
        var practitioner = new Practitioner
        {
            Id = IdOf(record),
            Meta = MetaFor(SasProfiles.Practitioner, record),
            Identifier =
            [
                new Identifier(KnownIdentifierSystems.PractitionerNationalId, record.NationalId)
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrV20203, KnownIdentifierSystems.IdnpsCode),
                },
            ],
            Telecom = ToContactPoints(record.Telecoms),
        };

        var given = record.Given.Select(Text).OfType<string>().ToList();
        if (Text(record.Family) is not null || given.Count > 0)
        {
            practitioner.Name.Add(new HumanName { Family = Text(record.Family), Given = given });
        }

        foreach (var language in record.Languages)
        {
            practitioner.Communication.Add(new CodeableConcept(Elements.PractitionerLanguages.Bcp47System, language));
        }

        return practitioner;
    }

    /// <summary>
    /// The hub's namespace for the Location ids of one source, used when the publisher sent none (FrLocation needs
    /// one). A URN of the source alone: an identifier system must not change with the URL the hub was reached by.
    /// </summary>
    public static string LocationIdentifierSystem(string sourceInstance) => $"urn:sas-interop:{sourceInstance}:location";

    /// <param name="place">The place of consultation.</param>
    public static PractitionerRole ToPractitionerRole(CanonicalPlace place)
    {
        var locationIdentifierSystem = LocationIdentifierSystem(place.SourceInstance);
        var role = new PractitionerRole
        {
            Id = IdOf(place),
            Meta = MetaFor(SasProfiles.PractitionerRole, place),
            Contained = [ToLocation(place, locationIdentifierSystem)],
            Practitioner = new ResourceReference($"Practitioner/{ResourceIds.For(place.SourceInstance, place.PractitionerNativeId)}"),
            Location = [new ResourceReference("#" + ContainedLocationId)],
            Organization = ToOrganizationReference(place.Organization),
            Telecom = ToContactPoints(place.Telecoms),
        };
        role.Specialty.AddRange(ToConcepts(place.Specialties));
        UnavailabilityToFhir.Apply(role, place);
        if (place.HomeVisitRadiusMeters is { } homeVisitRadius)
        {
            role.Extension.Add(Elements.HomeVisitPerimeter.ToExtension(homeVisitRadius));
        }

        return role;
    }

    private static Location ToLocation(CanonicalPlace place, string locationIdentifierSystem)
    {
        // dom-4: a contained resource carries no lastUpdated, only its profile.
        var location = new Location
        {
            Id = ContainedLocationId,
            Meta = new Meta { Profile = [SasProfiles.Location] },
            Name = Text(place.LocationName),
            Identifier = [ToLocationIdentifier(place, locationIdentifierSystem)],
        };

        location.Address = ToAddress(place.Address);
        Elements.PlaceOpeningHours.Write(location, place.Hours);
        return location;
    }

    private static Address? ToAddress(CanonicalAddress? address)
    {
        var lines = address?.Lines.Select(Text).OfType<string>().ToList() ?? [];
        var city = Text(address?.City);
        var postalCode = Text(address?.PostalCode);
        if (lines.Count == 0 && city is null && postalCode is null)
        {
            return null;
        }

        // The IG's Location profiles allow a single address line.
        return new Address
        {
            Line = lines.Count > 0 ? [string.Join(", ", lines)] : [],
            City = city,
            PostalCode = postalCode,
        };
    }

    // A national structure id is typed IDNST; anything else is the publisher's own id (INTRN). Without any id the
    // role's native id stands for its Location, since each role has exactly one.
    private static Identifier ToLocationIdentifier(CanonicalPlace place, string fallbackSystem)
    {
        var source = place.LocationIdentifier;
        var isNational = source?.System == KnownIdentifierSystems.StructureNationalId;
        return new Identifier(isNational ? KnownIdentifierSystems.StructureNationalId : Text(source?.System) ?? fallbackSystem, Text(source?.Value) ?? place.NativeId)
        {
            Type = new CodeableConcept(KnownIdentifierSystems.FrLocationIdentifierType, isNational ? KnownIdentifierSystems.IdnstCode : KnownIdentifierSystems.IntrnCode),
        };
    }

    // The profile fixes the organisation identifier's type and system to IDNST, so they are only claimed for a value
    // that is a valid prefixed structure id; otherwise the value goes alone, as in the IG's own CPTS example.
    private static ResourceReference? ToOrganizationReference(CanonicalIdentifier? organization)
    {
        var value = Text(organization?.Value);
        if (organization is null || value is null)
        {
            return null;
        }

        var declaredOrUnknownSystem = organization.System is null or KnownIdentifierSystems.StructureNationalId;
        var isStructureId = declaredOrUnknownSystem && NationalIdentifiers.TryNormalizeStructure(value, out var normalized, out _) && normalized == value;
        return new ResourceReference
        {
            Identifier = isStructureId
                ? new Identifier(KnownIdentifierSystems.StructureNationalId, value) { Type = new CodeableConcept(KnownIdentifierSystems.FrV20203, KnownIdentifierSystems.IdnstCode) }
                : new Identifier { Value = value },
        };
    }

    private static List<ContactPoint> ToContactPoints(IEnumerable<CanonicalTelecom> telecoms) =>
        [.. telecoms
            .Where(t => Text(t.Value) is not null)
            .Select(t => new ContactPoint(EnumUtility.ParseLiteral<ContactPoint.ContactPointSystem>(t.System) ?? ContactPoint.ContactPointSystem.Other, null, t.Value.Trim()))];

    private static IEnumerable<CodeableConcept> ToConcepts(IEnumerable<CanonicalCode> codes)
    {
        foreach (var code in codes)
        {
            var concept = new CodeableConcept { Text = Text(code.Text) };
            if (Text(code.Code) is { } value)
            {
                concept.Coding.Add(new Coding(Text(code.System), value, Text(code.Display)));
            }

            if (concept.Coding.Count > 0 || concept.Text is not null)
            {
                yield return concept;
            }
        }
    }

    private static Meta MetaFor(string profile, SourceRecord record) =>
        new() { Profile = [profile], LastUpdated = record.FetchedAt, VersionId = record.Version?.ToString(CultureInfo.InvariantCulture) };

    private static Slot.SlotStatus ToFhir(CoreSlotStatus status) => status switch
    {
        CoreSlotStatus.Busy => Slot.SlotStatus.Busy,
        CoreSlotStatus.BusyUnavailable => Slot.SlotStatus.BusyUnavailable,
        CoreSlotStatus.BusyTentative => Slot.SlotStatus.BusyTentative,
        CoreSlotStatus.EnteredInError => Slot.SlotStatus.EnteredInError,
        _ => Slot.SlotStatus.Free,
    };

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
