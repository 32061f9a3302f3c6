using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// Builds an IG-shaped agenda from a seed: PS individuel (Practitioner, PractitionerRole with contained Location,
/// Schedule, Slot), the same with CPTS (HealthcareService, Organization, CPTS-visible slots), or SOS Médecins
/// (association Organization, PFG Location, Schedule, Slot). Everything derives from <see cref="Random"/> with a
/// fixed seed and from the anchor, never from the clock, so the same seed and anchor give byte-identical resources.
/// </summary>
internal sealed partial class SimulatedDataGenerator
{
    private static readonly TimeSpan OpeningTime = TimeSpan.FromHours(8);
    private static readonly TimeSpan ClosingTime = TimeSpan.FromHours(19);
    private static readonly int[] SlotMinutes = [15, 20, 30];
    private static readonly int[] GapMinutes = [0, 0, 0, 15, 30, 60];

    private static readonly string[] PfgNames = ["Centre", "Nord", "Sud", "Est", "Ouest", "Gare", "Hôpital"];

    private readonly Random _random;
    private readonly string _publisherName;
    private readonly DateTimeOffset _anchor;
    private readonly int _days;
    private readonly HashSet<string> _usedRpps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedStructureIds = new(StringComparer.Ordinal);
    private readonly List<Resource> _resources = [];

    // CPTS choices draw from their own sequence so that a CPTS publisher's practitioners, places and slot times
    // are those of the PS publisher with the same seed; only the CPTS decoration is added.
    private readonly Random _cptsRandom;
    private readonly List<string> _cptsServiceIds = [];
    private bool _sos;

    private SimulatedDataGenerator(int seed, string publisherName, DateTimeOffset anchor, int days)
    {
        _random = new Random(seed);
        _cptsRandom = new Random(unchecked((seed * 397) ^ 0x43505453));
        _publisherName = publisherName;
        _anchor = anchor;
        _days = days;
    }

    public static IReadOnlyList<Resource> Generate(int seed, string publisherName, int practitionerCount, DateTimeOffset anchor, int days)
    {
        var generator = new SimulatedDataGenerator(seed, publisherName, anchor, days);
        for (var index = 1; index <= practitionerCount; index++)
        {
            generator.AddPractitioner(index);
        }

        return generator._resources;
    }

    /// <summary>As <see cref="Generate"/>, plus 1–3 CPTS; about 30 % of the slots are visible to one or more of them.</summary>
    public static IReadOnlyList<Resource> GenerateCpts(int seed, string publisherName, int practitionerCount, DateTimeOffset anchor, int days)
    {
        var generator = new SimulatedDataGenerator(seed, publisherName, anchor, days);
        var cptsCount = generator._cptsRandom.Next(1, 4);
        for (var index = 1; index <= cptsCount; index++)
        {
            generator.AddCpts(index);
        }

        for (var index = 1; index <= practitionerCount; index++)
        {
            generator.AddPractitioner(index);
        }

        return generator._resources;
    }

    /// <summary>SOS Médecins associations, each with 1–3 PFG (one Schedule each) and their free PUBLIC/SNP slots.</summary>
    public static IReadOnlyList<Resource> GenerateSos(int seed, string publisherName, int associationCount, DateTimeOffset anchor, int days)
    {
        var generator = new SimulatedDataGenerator(seed, publisherName, anchor, days) { _sos = true };
        var communes = FrenchReferenceData.Communes.OrderBy(_ => generator._random.Next()).ToArray();
        for (var index = 1; index <= associationCount; index++)
        {
            generator.AddAssociation(index, communes[(index - 1) % communes.Length]);
        }

        return generator._resources;
    }

    /// <summary>The anchor rounded down to the hour; without one, now in French time.</summary>
    public static DateTimeOffset ResolveAnchor(DateTimeOffset? anchor, TimeProvider timeProvider)
    {
        var value = anchor ?? ToFrenchTime(timeProvider.GetUtcNow());
        return new DateTimeOffset(value.Year, value.Month, value.Day, value.Hour, 0, 0, value.Offset);
    }

    private static DateTimeOffset ToFrenchTime(DateTimeOffset utcNow)
    {
        try
        {
            return TimeZoneInfo.ConvertTime(utcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        }
        catch (TimeZoneNotFoundException)
        {
            return utcNow;
        }
    }

    private void AddPractitioner(int index)
    {
        var nationalId = "8" + NextRpps();
        var practitionerId = Invariant($"pr-{index:0000}");
        var practitioner = new Practitioner
        {
            Id = practitionerId,
            Meta = NewMeta(SasProfiles.Practitioner),
            Identifier =
            [
                new Identifier(KnownIdentifierSystems.PractitionerNationalId, nationalId)
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrV20203, KnownIdentifierSystems.IdnpsCode),
                },
            ],
            Name = [new HumanName { Family = Pick(FrenchReferenceData.FamilyNames).ToUpperInvariant(), Given = [Pick(FrenchReferenceData.GivenNames)] }],
            Communication = [.. LanguagesOf(nationalId).Select(language => new CodeableConcept(Bcp47, language))],
        };
        _resources.Add(practitioner);

        var placeCount = _random.Next(1, 4);
        for (var place = 1; place <= placeCount; place++)
        {
            AddPlace(practitionerId, nationalId, Invariant($"{index:0000}-{place}"));
        }
    }

    private void AddPlace(string practitionerId, string nationalId, string placeKey)
    {
        var (city, postalCode) = Pick(FrenchReferenceData.Communes);
        var roleId = "role-" + placeKey;
        var role = new PractitionerRole
        {
            Id = roleId,
            Meta = NewMeta(SasProfiles.PractitionerRole),
            Contained =
            [
                new Location
                {
                    Id = "location",
                    Meta = new Meta { Profile = [SasProfiles.Location] },
                    Identifier =
                    [
                        new Identifier($"https://{_publisherName}.example/fhir/location", "loc-" + placeKey)
                        {
                            Type = new CodeableConcept(KnownIdentifierSystems.FrLocationIdentifierType, KnownIdentifierSystems.IntrnCode),
                        },
                    ],
                    Address = new Address
                    {
                        Line = [Invariant($"{_random.Next(1, 120)} {Pick(FrenchReferenceData.Streets)}")],
                        City = city,
                        PostalCode = postalCode,
                    },
                },
            ],
            Practitioner = new ResourceReference("Practitioner/" + practitionerId),
            Organization = new ResourceReference
            {
                Identifier = new Identifier(KnownIdentifierSystems.StructureNationalId, NextStructureId(postalCode))
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrV20203, KnownIdentifierSystems.IdnstCode),
                },
            },
            Location = [new ResourceReference("#location")],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, NextPhone())],
        };
        AddDeclaredDurations(role);
        AddHomeVisitPerimeter(role, placeKey);
        AddOpeningHours((Location)role.Contained[0], placeKey);
        _resources.Add(role);

        var scheduleId = "sched-" + placeKey;
        _resources.Add(new Schedule
        {
            Id = scheduleId,
            Meta = NewMeta(SasProfiles.Schedule),
            Actor = [new ResourceReference("Practitioner/" + practitionerId), new ResourceReference("PractitionerRole/" + roleId)],
        });

        AddSlots(scheduleId, placeKey, Invariant($"https://{_publisherName}.example/agenda/{nationalId}?lieu={placeKey}"));
    }

    /// <summary>20–60 free slots (plus a few busy ones) in opening hours, over the days after the anchor.</summary>
    private void AddSlots(string scheduleId, string placeKey, string bookingUrl)
    {
        var wanted = _random.Next(20, 61);
        var free = 0;
        var number = 0;
        var windowEnd = _anchor.AddDays(_days);
        var day = new DateTimeOffset(_anchor.Year, _anchor.Month, _anchor.Day, 0, 0, 0, _anchor.Offset);
        while (free < wanted && day < windowEnd)
        {
            var cursor = day + OpeningTime + TimeSpan.FromMinutes(15 * _random.Next(0, 8));
            var close = day + ClosingTime;
            while (free < wanted && cursor < close)
            {
                var end = cursor.AddMinutes(SlotMinutes[_random.Next(SlotMinutes.Length)]);
                var busy = _random.Next(10) == 0;
                if (cursor >= _anchor && end <= windowEnd)
                {
                    number++;
                    _resources.Add(NewSlot(Invariant($"slot-{placeKey}-{number:000}"), scheduleId, cursor, end, busy, bookingUrl));
                    free += busy ? 0 : 1;
                }

                cursor = end.AddMinutes(GapMinutes[_random.Next(GapMinutes.Length)]);
            }

            day = day.AddDays(1);
        }
    }

    private Slot NewSlot(string id, string scheduleId, DateTimeOffset start, DateTimeOffset end, bool busy, string bookingUrl)
    {
        if (_sos)
        {
            return NewSosSlot(id, scheduleId, start, end, busy, bookingUrl);
        }

        var slot = NewPsSlot(id, scheduleId, start, end, busy, bookingUrl);
        if (_cptsServiceIds.Count > 0)
        {
            DecorateForCpts(slot);
        }

        return slot;
    }

    private Slot NewPsSlot(string id, string scheduleId, DateTimeOffset start, DateTimeOffset end, bool busy, string bookingUrl)
    {
        var meta = NewMeta(SasProfiles.Slot);
        foreach (var type in NextSlotTypes())
        {
            meta.Security.Add(new Coding(SasProfiles.SlotTypeSystem, type));
        }

        var serviceTypes = NextModes().Select(mode => new CodeableConcept(SasProfiles.ActCodeSystem, mode)).ToList();
        serviceTypes.Add(new CodeableConcept { Text = Pick(FrenchReferenceData.Motives) });
        return new Slot
        {
            Id = id,
            Meta = meta,
            ServiceType = serviceTypes,
            Specialty = [new CodeableConcept(SasProfiles.SpecialtySystem, "SM54", "Médecine générale", null)],
            AppointmentType = new CodeableConcept(SasProfiles.AppointmentTypeSystem, _random.Next(8) == 0 ? "WALKIN" : "ROUTINE"),
            Schedule = new ResourceReference("Schedule/" + scheduleId),
            Status = busy ? Slot.SlotStatus.Busy : Slot.SlotStatus.Free,
            Start = start,
            End = end,
            Comment = bookingUrl,
            Overbooked = IsOverbooked(id) ? true : null,
        };
    }

    /// <summary>
    /// About one PS slot in eight is a surbooking slot (<c>Slot.overbooked</c>). Drawn from the slot id, not from the
    /// seeded sequence, so every other value generated for a seed stays what it was.
    /// </summary>
    public static bool IsOverbooked(string slotId)
    {
        var hash = 2166136261u;
        foreach (var c in slotId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash % 8 == 0;
    }

    /// <summary>BCP-47 code system of <c>Practitioner.communication</c>.</summary>
    public const string Bcp47 = "urn:ietf:bcp:47";

    /// <summary>
    /// Languages a practitioner speaks: French, and for some English and/or Spanish. Drawn from the national id (not the
    /// seeded sequence), so every other value generated for a seed stays what it was.
    /// </summary>
    public static IReadOnlyList<string> LanguagesOf(string nationalId)
    {
        var hash = 2166136261u;
        foreach (var c in nationalId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (hash % 4) switch
        {
            0 => ["fr"],
            1 => ["fr", "en"],
            2 => ["fr", "es"],
            _ => ["fr", "en", "es"],
        };
    }

    /// <summary>fr-core <c>service-type-duration</c> URL: the duration a practitioner gives a consultation type.</summary>
    public const string ServiceTypeDurationExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-service-type-duration";

    /// <summary>
    /// Half the places declare a cabinet visit of 20 min, and a quarter also a 15-min teleconsultation (fr-core
    /// <c>service-type-duration</c>); the others leave the hub to take the median of their slots. Drawn from the
    /// role id, not from the seeded sequence, so every other value generated for a seed stays what it was.
    /// </summary>
    private static void AddDeclaredDurations(PractitionerRole role)
    {
        var hash = 2166136261u;
        foreach (var c in role.Id ?? string.Empty)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        foreach (var (mode, minutes) in (hash % 4) switch { 0 => new[] { ("AMB", 20), ("VR", 15) }, 1 => [("AMB", 20)], _ => [] })
        {
            var extension = new Extension { Url = ServiceTypeDurationExtension };
            extension.Extension.Add(new Extension("serviceType", new CodeableConcept(SasProfiles.ActCodeSystem, mode)));
            extension.Extension.Add(new Extension("duration", new Duration { Value = minutes, Unit = "min", System = "http://unitsofmeasure.org", Code = "min" }));
            role.Extension.Add(extension);
        }
    }

    /// <summary>
    /// Profile of the CPTS flow; for ~30 % of slots the CPTS type and one TRE_R66 604 serviceType per CPTS the slot
    /// is visible to, pointing at its HealthcareService through the R5 extension (digest §2.3).
    /// </summary>
    private void DecorateForCpts(Slot slot)
    {
        slot.Meta!.Profile = [SasProfiles.CptsSlot];
        if (_cptsRandom.Next(10) >= 3)
        {
            return;
        }

        slot.Meta.Security.Add(new Coding(SasProfiles.SlotTypeSystem, SasProfiles.CptsSlotType));
        var visibleTo = _cptsServiceIds.OrderBy(_ => _cptsRandom.Next()).Take(_cptsRandom.Next(4) == 0 ? 2 : 1);
        foreach (var serviceId in visibleTo)
        {
            var serviceType = new CodeableConcept(SasProfiles.EstablishmentCategorySystem, SasProfiles.CptsCategoryCode);
            serviceType.Extension.Add(new Extension(SasProfiles.SlotServiceTypeReferenceExtension, new ResourceReference("HealthcareService/" + serviceId)));
            slot.ServiceType.Add(serviceType);
        }
    }

    private Slot NewSosSlot(string id, string scheduleId, DateTimeOffset start, DateTimeOffset end, bool busy, string bookingUrl)
    {
        var meta = NewMeta(SasProfiles.SosSlot);
        foreach (var type in _random.Next(10) switch { < 6 => ["PUBLIC"], < 8 => ["PUBLIC", "SNP"], _ => new[] { "SNP" } })
        {
            meta.Security.Add(new Coding(SasProfiles.SlotTypeSystem, type));
        }

        return new Slot
        {
            Id = id,
            Meta = meta,
            ServiceType = [.. NextModes().Select(mode => new CodeableConcept(SasProfiles.ActCodeSystem, mode))],
            AppointmentType = new CodeableConcept(SasProfiles.AppointmentTypeSystem, "ROUTINE"),
            Schedule = new ResourceReference("Schedule/" + scheduleId),
            Status = busy ? Slot.SlotStatus.Busy : Slot.SlotStatus.Free,
            Start = start,
            End = end,
            Comment = bookingUrl,
        };
    }

    /// <summary>A CPTS: its Organization (FINESS, name, phone) and the HealthcareService slots point at.</summary>
    private void AddCpts(int index)
    {
        var (city, postalCode) = Pick(_cptsRandom, FrenchReferenceData.Communes.Where(commune => !commune.PostalCode.StartsWith("20", StringComparison.Ordinal)).ToArray());
        var organizationId = Invariant($"cpts-{index}");
        var serviceId = Invariant($"hs-cpts-{index}");
        _resources.Add(new Organization
        {
            Id = organizationId,
            Meta = NewMeta(_cptsRandom, SasProfiles.CptsOrganization),
            Identifier =
            [
                // The CPTS Organization profile fixes this type system, unlike the SOS one (digest §10 trap 2).
                new Identifier(KnownIdentifierSystems.StructureNationalId, NextFiness(postalCode))
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrCoreV20203, KnownIdentifierSystems.IdnstCode),
                },
            ],
            Name = "CPTS " + city.ToUpperInvariant(),
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, NextPhone(_cptsRandom))],
        });
        _resources.Add(new HealthcareService
        {
            Id = serviceId,
            Meta = NewMeta(_cptsRandom, SasProfiles.CptsHealthcareService),
            ProvidedBy = new ResourceReference("Organization/" + organizationId),
        });
        _cptsServiceIds.Add(serviceId);
    }

    /// <summary>An SOS Médecins association (SIRET) with 1–3 PFG, each with its own Schedule and slots.</summary>
    private void AddAssociation(int index, (string City, string PostalCode) commune)
    {
        var organizationId = Invariant($"sos-{index:000}");
        _resources.Add(new Organization
        {
            Id = organizationId,
            Meta = NewMeta(SasProfiles.SosOrganization),
            Identifier =
            [
                new Identifier(KnownIdentifierSystems.StructureNationalId, "3" + NextSiret())
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrLocationIdentifierType, KnownIdentifierSystems.IdnstCode),
                },
            ],
            Name = "SOS Médecins " + commune.City,
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, NextPhone())],
        });

        var pfgCount = _random.Next(1, 4);
        var names = PfgNames.OrderBy(_ => _random.Next()).ToArray();
        for (var pfg = 1; pfg <= pfgCount; pfg++)
        {
            AddPfg(organizationId, commune, names[pfg - 1], Invariant($"{index:000}-{pfg}"));
        }
    }

    private void AddPfg(string organizationId, (string City, string PostalCode) commune, string suffix, string pfgKey)
    {
        var locationId = "pfg-" + pfgKey;
        _resources.Add(new Location
        {
            Id = locationId,
            Meta = NewMeta(SasProfiles.SosLocation),
            // The SOS Location profile fixes the type to INTRN (digest §10 trap 3): the publisher's own id.
            Identifier =
            [
                new Identifier($"https://{_publisherName}.example/fhir/pfg", locationId)
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrLocationIdentifierType, KnownIdentifierSystems.IntrnCode),
                },
            ],
            Name = $"Centre de consultation {commune.City} {suffix}",
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, NextPhone())],
            Address = new Address
            {
                Line = [Invariant($"{_random.Next(1, 120)} {Pick(FrenchReferenceData.Streets)}")],
                City = commune.City,
                PostalCode = commune.PostalCode,
            },
            ManagingOrganization = new ResourceReference("Organization/" + organizationId),
            // Slots are generated within these hours every day of the week.
            HoursOfOperation =
            [
                new Location.HoursOfOperationComponent
                {
                    DaysOfWeek = [DaysOfWeek.Mon, DaysOfWeek.Tue, DaysOfWeek.Wed, DaysOfWeek.Thu, DaysOfWeek.Fri, DaysOfWeek.Sat, DaysOfWeek.Sun],
                    OpeningTime = "08:00:00",
                    ClosingTime = "20:00:00",
                },
            ],
        });

        var scheduleId = "sched-" + locationId;
        _resources.Add(new Schedule
        {
            Id = scheduleId,
            Meta = NewMeta(SasProfiles.SosSchedule),
            Actor = [new ResourceReference("Location/" + locationId)],
        });

        AddSlots(scheduleId, pfgKey, $"https://{_publisherName}.example/agenda-pfg/{locationId}");
    }

    // Issue #18 item 4: one practitioner in three declares an 8 km home-visit perimeter (hub extension). Chosen from
    // the key, not drawn from the seeded random, so every agenda generated before stays the same.
    private static void AddHomeVisitPerimeter(PractitionerRole role, string placeKey)
    {
        if (int.Parse(placeKey.AsSpan(0, 4), CultureInfo.InvariantCulture) % 3 == 1)
        {
            role.Extension.Add(new Extension(
                "urn:sas-interop:StructureDefinition:practitionerrole-home-visit-radius",
                new Quantity { Value = 8, Unit = "km", System = "http://unitsofmeasure.org", Code = "km" }));
        }
    }

    // Issue #18 item 7: weekday hours for every practice, Saturday mornings for one in two, the afternoons of every
    // third place's practitioner closed; from the key, not the seeded random, so generated agendas stay the same.
    private static void AddOpeningHours(Location location, string placeKey)
    {
        var index = int.Parse(placeKey.AsSpan(0, 4), CultureInfo.InvariantCulture);
        DaysOfWeek?[] weekdays = [DaysOfWeek.Mon, DaysOfWeek.Tue, DaysOfWeek.Wed, DaysOfWeek.Thu, DaysOfWeek.Fri];
        location.HoursOfOperation.Add(new Location.HoursOfOperationComponent { DaysOfWeek = [.. weekdays], OpeningTime = "08:00:00", ClosingTime = "12:30:00" });
        if (index % 3 != 0)
        {
            location.HoursOfOperation.Add(new Location.HoursOfOperationComponent { DaysOfWeek = [.. weekdays], OpeningTime = "14:00:00", ClosingTime = "19:00:00" });
        }

        if (index % 2 == 0)
        {
            location.HoursOfOperation.Add(new Location.HoursOfOperationComponent { DaysOfWeek = [DaysOfWeek.Sat], OpeningTime = "09:00:00", ClosingTime = "12:00:00" });
        }
    }

    private string[] NextSlotTypes() => _random.Next(20) switch
    {
        < 10 => ["PUBLIC"],
        < 14 => ["PUBLIC", "PRO"],
        < 16 => ["PRO"],
        < 19 => ["SNP"],
        _ => ["PUBLIC", "SNP"],
    };

    private string[] NextModes() => _random.Next(20) switch
    {
        < 12 => ["AMB"],
        < 15 => ["AMB", "VR"],
        < 17 => ["VR"],
        < 19 => ["HH"],
        _ => ["AMB", "HH"],
    };

    private Meta NewMeta(string profile) => NewMeta(_random, profile);

    private Meta NewMeta(Random random, string profile) => new()
    {
        Profile = [profile],
        LastUpdated = _anchor.AddMinutes(-random.Next(10, 4320)),
    };

    /// <summary>An unused 11-digit RPPS ("10" + 8 digits + Luhn key).</summary>
    private string NextRpps()
    {
        while (true)
        {
            var body = "10" + Digits(8);
            var rpps = body + CheckDigits.Luhn(body);
            if (_usedRpps.Add(rpps))
            {
                return rpps;
            }
        }
    }

    /// <summary>IDNST of the practice: "1"+FINESS in the commune's department, or "3"+SIRET.</summary>
    private string NextStructureId(string postalCode)
    {
        if (_random.Next(2) == 0)
        {
            return "1" + FrenchReferenceData.Department(postalCode) + Digits(7);
        }

        var siren = Digits(8);
        siren += CheckDigits.Luhn(siren);
        var siret = siren + Digits(4);
        return "3" + siret + CheckDigits.Luhn(siret);
    }

    /// <summary>An unused SIRET: SIREN (8 digits + Luhn key), NIC (4 digits), Luhn key over the 14 digits.</summary>
    private string NextSiret()
    {
        while (true)
        {
            var siren = Digits(8);
            siren += CheckDigits.Luhn(siren);
            var body = siren + Digits(4);
            var siret = body + CheckDigits.Luhn(body);
            if (_usedStructureIds.Add(siret))
            {
                return siret;
            }
        }
    }

    /// <summary>An unused "1"+FINESS of the commune's department (9 digits: department + 7).</summary>
    private string NextFiness(string postalCode)
    {
        while (true)
        {
            var finess = "1" + FrenchReferenceData.Department(postalCode) + Digits(_cptsRandom, 7);
            if (_usedStructureIds.Add(finess))
            {
                return finess;
            }
        }
    }

    private string NextPhone() => NextPhone(_random);

    private static string NextPhone(Random random) => "+33" + (random.Next(3) == 0 ? "6" : random.Next(1, 6).ToString(CultureInfo.InvariantCulture)) + Digits(random, 8);

    private string Digits(int count) => Digits(_random, count);

    private static string Digits(Random random, int count)
    {
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            builder.Append((char)('0' + random.Next(10)));
        }

        return builder.ToString();
    }

    private T Pick<T>(T[] values) => Pick(_random, values);

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static string Invariant(FormattableString value) => FormattableString.Invariant(value);
}
