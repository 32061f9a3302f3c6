using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Samples.SasReceiver;
using static Sas.Interop.Appointments.Tests.AppointmentInputs;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Appointments.Tests;

/// <summary>A booked slot stops being served as free at once; a cancellation does not free it, the publisher's next sync does.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class SlotBookingTests
{
    private AgendaHub _setup = null!;
    private PublisherSimulator _agendas = null!;
    private SasReceiverSimulator _sas = null!;
    private RunningHub _hub = null!;
    private HttpClient _publisher = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _setup = await AgendaHub.StartAsync("booking", 11, 3);
        (_agendas, _sas, _hub, _publisher) = (_setup.Agendas, _setup.Sas, _setup.Hub, _setup.Publisher);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _setup.DisposeAsync();

    [Test]
    public async Task A_booked_slot_is_gone_at_once_stays_gone_when_cancelled_and_returns_with_the_next_sync()
    {
        var (practitioner, slot) = await AFreeSlotAsync(0);
        var appointment = Ps(change: a =>
        {
            SetPractitioner(a, practitioner);
            a.Slot.Add(new ResourceReference("Slot/" + slot.Id));
            a.Start = slot.Start;
            a.End = slot.End;
        });

        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.Created);
        Assert.That(await FreeSlotIdsAsync(practitioner), Does.Not.Contain(slot.Id), "booked: not served as free any more");

        appointment.Status = Appointment.AppointmentStatus.Cancelled;
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Put(Publishers.AlphaKey, Identifier(appointment), Json(appointment))), HttpStatusCode.OK);
        Assert.That(await FreeSlotIdsAsync(practitioner), Does.Not.Contain(slot.Id), "cancelled: only the publisher can say the slot is free again");

        Assert.That((await _hub.Http.PostAsync("admin/connectors/sim/sync", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await FreeSlotIdsAsync(practitioner), Does.Contain(slot.Id), "the next sync says free: sync wins");
    }

    [Test]
    public async Task A_slot_named_by_the_publishers_own_id_is_booked_too()
    {
        var (practitioner, slot) = await AFreeSlotAsync(1);
        var native = slot.Id["sim.".Length..];
        var appointment = Ps(change: a =>
        {
            SetPractitioner(a, practitioner);
            a.Slot.Add(new ResourceReference("Slot/" + native));
        });

        var stored = await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.Created);

        Assert.That(await FreeSlotIdsAsync(practitioner), Does.Not.Contain(slot.Id));

        // The SAS was served sim.<native>; the native id alone names nothing it knows.
        Assert.That(stored.Slot[0].Reference, Is.EqualTo("Slot/" + slot.Id));
        await Eventually.TrueAsync(() => _sas.Appointments.ContainsKey(Identifier(appointment)), "relayed");
        var relayed = Sas.Interop.Fhir.Serialization.FhirJson.Parse<Appointment>(_sas.Appointments[Identifier(appointment)]);
        Assert.That(relayed.Slot.Single().Reference, Is.EqualTo("Slot/" + slot.Id));
    }

    [Test]
    public async Task A_publisher_cannot_book_a_slot_or_a_practitioner_it_does_not_publish()
    {
        var (practitioner, slot) = await AFreeSlotAsync(2);
        var bySlot = Ps(change: a => a.Slot.Add(new ResourceReference("Slot/" + slot.Id)));
        var byPractitioner = Ps(change: a => SetPractitioner(a, practitioner));

        var slotOutcome = await FhirAssert.ReadOutcomeAsync(await _publisher.SendAsync(Publishers.Post(Publishers.BetaKey, Json(bySlot))), HttpStatusCode.Forbidden);
        var practitionerOutcome = await FhirAssert.ReadOutcomeAsync(await _publisher.SendAsync(Publishers.Post(Publishers.BetaKey, Json(byPractitioner))), HttpStatusCode.Forbidden);

        Assert.That(slotOutcome.Issue[0].Expression, Does.Contain("Appointment.slot[0]"));
        Assert.That(practitionerOutcome.Issue[0].Expression, Does.Contain("Appointment.participant"));
        Assert.That(await FreeSlotIdsAsync(practitioner), Does.Contain(slot.Id), "refused: the slot is still free");
    }

    [Test]
    public async Task A_slot_of_another_practitioner_gets_422()
    {
        var (_, slot) = await AFreeSlotAsync(3);
        var (other, _) = await AFreeSlotAsync(4);
        var appointment = Ps(change: a =>
        {
            SetPractitioner(a, other);
            a.Slot.Add(new ResourceReference("Slot/" + slot.Id));
        });

        var outcome = await FhirAssert.ReadOutcomeAsync(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.UnprocessableEntity);

        Assert.That(outcome.Issue[0].Expression, Does.Contain("Appointment.slot[0]"));
    }

    private async Task<(string Practitioner, Slot Slot)> AFreeSlotAsync(int index)
    {
        var practitioner = _agendas.PractitionerIds[index];
        var bundle = await SearchAsync(practitioner);
        var slot = bundle.Entry.Select(e => e.Resource).OfType<Slot>().FirstOrDefault();
        Assert.That(slot, Is.Not.Null, $"practitioner {practitioner} has a free slot to book");
        return (practitioner, slot!);
    }

    private async Task<IReadOnlyList<string>> FreeSlotIdsAsync(string practitioner) =>
        [.. (await SearchAsync(practitioner)).Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id)];

    private async Task<Bundle> SearchAsync(string practitioner)
    {
        var from = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var to = DateTimeOffset.UtcNow.AddHours(72).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return await FhirAssert.ReadAsync<Bundle>(
            await _hub.Http.GetAsync($"fhir/Slot?start=ge{from}&start=le{to}&status=free&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C{practitioner}"),
            HttpStatusCode.OK);
    }
}
