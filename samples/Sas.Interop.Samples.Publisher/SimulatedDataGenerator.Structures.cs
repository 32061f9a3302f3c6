using Hl7.Fhir.Model;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Samples.Publisher;

/// <summary>Structure agendas: centres de santé and MSP with slots of their own, no practitioner.</summary>
internal sealed partial class SimulatedDataGenerator
{
    private const string CdsCategoryCode = "124";
    private const string MspCategoryCode = "603";

    /// <summary>
    /// Centres de santé (odd indexes) and MSP (even), each a FINESS Organization typed with its TRE_R66 category,
    /// one consultation place (Location), a HealthcareService at that place, and one Schedule naming the Location and
    /// the HealthcareService (no Practitioner), with free PUBLIC/SNP slots; searched like SOS, by FINESS.
    /// </summary>
    public static IReadOnlyList<Resource> GenerateStructures(int seed, string publisherName, int structureCount, DateTimeOffset anchor, int days)
    {
        var generator = new SimulatedDataGenerator(seed, publisherName, anchor, days) { _sos = true };
        var communes = FrenchReferenceData.Communes.Where(c => !c.PostalCode.StartsWith("20", StringComparison.Ordinal)).OrderBy(_ => generator._random.Next()).ToArray();
        for (var index = 1; index <= structureCount; index++)
        {
            generator.AddStructure(index, communes[(index - 1) % communes.Length]);
        }

        return generator._resources;
    }

    private void AddStructure(int index, (string City, string PostalCode) commune)
    {
        var cds = index % 2 == 1;
        var key = Invariant($"{index:000}");
        var organizationId = (cds ? "cds-" : "msp-") + key;
        var locationId = "site-" + key;
        var serviceId = "hs-" + key;
        _resources.Add(new Organization
        {
            Id = organizationId,
            Meta = new Meta { LastUpdated = _anchor.AddMinutes(-_random.Next(10, 4320)) },
            Identifier =
            [
                new Identifier(KnownIdentifierSystems.StructureNationalId, NextFiness(commune.PostalCode))
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrCoreV20203, KnownIdentifierSystems.IdnstCode),
                },
            ],
            Type = [new CodeableConcept(SasProfiles.EstablishmentCategorySystem, cds ? CdsCategoryCode : MspCategoryCode)],
            Name = (cds ? "Centre de santé " : "Maison de santé pluriprofessionnelle ") + commune.City,
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, NextPhone())],
        });
        var location = new Location
        {
            Id = locationId,
            Meta = new Meta { LastUpdated = _anchor.AddMinutes(-_random.Next(10, 4320)) },
            Identifier = [new Identifier($"https://{_publisherName}.example/fhir/site", locationId)],
            Name = (cds ? "Centre de santé " : "MSP ") + commune.City,
            Address = new Address
            {
                Line = [Invariant($"{_random.Next(1, 120)} {Pick(FrenchReferenceData.Streets)}")],
                City = commune.City,
                PostalCode = commune.PostalCode,
            },
            ManagingOrganization = new ResourceReference("Organization/" + organizationId),
        };

        // Issue #18 items 2 and 7: a centre de santé sends its position (a few hundred metres from its commune's
        // centroid), an MSP only its postal code, which the hub locates; both answer hub-near. Weekday opening hours
        // as the practices have. From the index, not the seeded random, so generated agendas stay the same.
        if (cds && PostalCodeCentroids.TryLocate(commune.PostalCode, out var centroid))
        {
            location.Position = new Location.PositionComponent { Latitude = (decimal)Math.Round(centroid.Latitude + 0.004, 6), Longitude = (decimal)Math.Round(centroid.Longitude + 0.006, 6) };
        }

        AddOpeningHours(location, Invariant($"{index:0000}"));
        _resources.Add(location);
        _resources.Add(new HealthcareService
        {
            Id = serviceId,
            Meta = new Meta { LastUpdated = _anchor.AddMinutes(-_random.Next(10, 4320)) },
            ProvidedBy = new ResourceReference("Organization/" + organizationId),
            Location = [new ResourceReference("Location/" + locationId)],
            Name = "Soins non programmés",
        });

        var scheduleId = "sched-" + locationId;
        _resources.Add(new Schedule
        {
            Id = scheduleId,
            Meta = new Meta { LastUpdated = _anchor.AddMinutes(-_random.Next(10, 4320)) },
            Actor = [new ResourceReference("Location/" + locationId), new ResourceReference("HealthcareService/" + serviceId)],
        });

        AddSlots(scheduleId, "site-" + key, $"https://{_publisherName}.example/agenda-site/{locationId}");
    }
}
