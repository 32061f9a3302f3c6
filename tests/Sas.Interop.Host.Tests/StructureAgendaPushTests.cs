using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// A pushed structure agenda (a centre de santé by FINESS whose Schedule names only its HealthcareService) is
/// normalised like a pulled one and served by the Schedule search by structure.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class StructureAgendaPushTests
{
    private const string Finess = "750000001";
    private const string Tre66 = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";

    [Test]
    public async Task A_pushed_centre_de_sante_whose_Schedule_names_its_HealthcareService_is_served_at_the_services_place()
    {
        await using var hub = await RunningHub.StartAsync(PushClient.Settings());
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var start = DateTimeOffset.UtcNow.AddHours(3);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero);
        Resource[] resources =
        [
            new Organization
            {
                Id = "cds-1",
                Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.2", "1" + Finess)],
                Type = [new CodeableConcept(Tre66, "124")],
                Name = "Centre de santé Paris 12",
            },
            new Location
            {
                Id = "site-1",
                Name = "Centre de santé Paris 12",
                Address = new Address { Line = ["12 rue de Charenton"], City = "Paris", PostalCode = "75012" },
                ManagingOrganization = new ResourceReference("Organization/cds-1"),
            },
            new HealthcareService
            {
                Id = "hs-1",
                ProvidedBy = new ResourceReference("Organization/cds-1"),
                Location = [new ResourceReference("Location/site-1")],
            },
            new Schedule { Id = "sched-1", Actor = [new ResourceReference("HealthcareService/hs-1")] },
            new Slot
            {
                Id = "slot-1",
                Schedule = new ResourceReference("Schedule/sched-1"),
                Status = Slot.SlotStatus.Free,
                Start = start,
                End = start.AddMinutes(20),
                Meta = new Meta { Security = [new Coding("https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau", "PUBLIC")] },
                ServiceType = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB")],
            },
        ];
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in resources)
        {
            transaction.Entry.Add(new Bundle.EntryComponent { Resource = resource, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" } });
        }

        var pushed = await alpha.PostAsync(transaction);
        Assert.That(pushed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await pushed.Content.ReadAsStringAsync());

        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(24).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var answer = await FhirAssert.ReadAsync<Bundle>(
            await hub.Http.GetAsync($"fhir/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge{from}&_has:Slot:schedule:start=le{to}&_has:Slot:schedule:status=free&actor:Location.organization.identifier={Finess}"),
            HttpStatusCode.OK);
        var schedule = answer.Entry.Select(e => e.Resource).OfType<Schedule>().Single();
        var location = answer.Entry.Select(e => e.Resource).OfType<Location>().Single();
        var organization = answer.Entry.Select(e => e.Resource).OfType<Organization>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(answer.Total, Is.EqualTo(1));
            Assert.That(schedule.Actor.Single().Reference, Is.EqualTo("Location/" + location.Id), "the HealthcareService's place");
            Assert.That(location.Address.City, Is.EqualTo("Paris"));
            Assert.That(organization.Identifier.Single().Value, Is.EqualTo("1" + Finess));
            Assert.That(organization.Type.Single().Coding.Single().Code, Is.EqualTo("124"));
            Assert.That(answer.Entry.Select(e => e.Resource).OfType<Slot>().Single().Start, Is.EqualTo(start));
        });
    }
}
