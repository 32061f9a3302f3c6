using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Samples.SasReceiver;
using static Sas.Interop.Appointments.Tests.AppointmentInputs;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Appointments.Tests;

/// <summary>
/// Who may book for whom (README, "Security"): alpha's connector "sim" pulls six practitioners; beta pushes. A
/// publisher books for its connectors' practitioners and for what it alone pushed; a push claim another source
/// contests waits for an administrator; nobody books for a practitioner no source publishes. Every refusal leaves the
/// SAS's fair-spreading counter (<c>$last-solicited</c>) where it was.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class BookingRightsTests
{
    private AgendaHub _setup = null!;
    private PublisherSimulator _agendas = null!;
    private SasReceiverSimulator _sas = null!;
    private RunningHub _hub = null!;
    private HttpClient _publisher = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _setup = await AgendaHub.StartAsync("rights", 23, 2);
        (_agendas, _sas, _hub, _publisher) = (_setup.Agendas, _setup.Sas, _setup.Hub, _setup.Publisher);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _setup.DisposeAsync();

    [Test]
    public async Task A_claim_pushed_on_another_sources_practitioner_waits_for_an_administrator()
    {
        // The attack run: beta pushes alpha's PS, then books for them.
        var practitioner = _agendas.PractitionerIds[0];
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.BetaKey, practitioner);

        var waiting = await BookAsync(Publishers.BetaKey, practitioner, HttpStatusCode.Forbidden);
        Assert.That(waiting.Issue[0].Diagnostics, Does.Contain("waits for an administrator's decision").And.Contain("sim"));
        Assert.That(await SolicitedAsync(practitioner), Is.Zero, "a refused booking does not move the SAS's counter");

        var claims = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/booking-claims");
        var claim = claims.GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("practitioner").GetString() == practitioner);
        Assert.Multiple(() =>
        {
            Assert.That(claim.GetProperty("publisher").GetString(), Is.EqualTo("beta"));
            Assert.That(claim.GetProperty("state").GetString(), Is.EqualTo("contested"));
            Assert.That(claim.GetProperty("otherSources").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "sim" }));
            Assert.That(claims.GetProperty("pending").GetInt32(), Is.GreaterThanOrEqualTo(1));
        });

        // Alpha's connector pulls the PS: its bookings never waited.
        await BookAsync(Publishers.AlphaKey, practitioner, HttpStatusCode.Created);

        Assert.That((await _hub.Http.PutAsJsonAsync($"admin/booking-claims/{practitioner}/beta", new { decision = "grant" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await BookAsync(Publishers.BetaKey, practitioner, HttpStatusCode.Created);
        Assert.That(await SolicitedAsync(practitioner), Is.EqualTo(2));

        Assert.That((await _hub.Http.PutAsJsonAsync($"admin/booking-claims/{practitioner}/beta", new { decision = "refuse" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refused = await BookAsync(Publishers.BetaKey, practitioner, HttpStatusCode.Forbidden);
        Assert.That(refused.Issue[0].Diagnostics, Does.Contain("refused your claim"));
        Assert.That(await SolicitedAsync(practitioner), Is.EqualTo(2));
    }

    [Test]
    public async Task Nobody_books_for_a_practitioner_no_source_publishes()
    {
        const string nobodys = "810000000911";
        for (var i = 0; i < 5; i++)
        {
            await BookAsync(i % 2 == 0 ? Publishers.AlphaKey : Publishers.BetaKey, nobodys, HttpStatusCode.Forbidden);
        }

        Assert.That(await SolicitedAsync(nobodys), Is.Zero);
    }

    [Test]
    public async Task The_only_publisher_of_a_pushed_practitioner_books_for_them()
    {
        const string own = "810000000922";
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.BetaKey, own);

        await BookAsync(Publishers.BetaKey, own, HttpStatusCode.Created);
        await BookAsync(Publishers.AlphaKey, own, HttpStatusCode.Forbidden);

        Assert.That(await SolicitedAsync(own), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_publishers_pushing_one_practitioner_both_wait_for_an_administrator()
    {
        // Neither is configured as the PS's source: the first pusher has no better claim than the second.
        const string shared = "810000000933";
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.AlphaKey, shared);
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.BetaKey, shared);

        await BookAsync(Publishers.AlphaKey, shared, HttpStatusCode.Forbidden);
        await BookAsync(Publishers.BetaKey, shared, HttpStatusCode.Forbidden);

        var claims = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/booking-claims");
        Assert.That(
            claims.GetProperty("claims").EnumerateArray().Where(c => c.GetProperty("practitioner").GetString() == shared).Select(c => c.GetProperty("publisher").GetString()),
            Is.EquivalentTo(new[] { "alpha", "beta" }));
    }

    [Test]
    public async Task An_appointment_already_the_practitioners_can_always_be_cancelled()
    {
        const string practitioner = "810000000944";
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.BetaKey, practitioner);
        var appointment = Ps(change: a => SetPractitioner(a, practitioner));
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.BetaKey, Json(appointment))), HttpStatusCode.Created);

        // Alpha pushes the PS too: beta's claim is contested from now on, but its existing appointment stays its own.
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.AlphaKey, practitioner);
        appointment.Status = Appointment.AppointmentStatus.Cancelled;
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Put(Publishers.BetaKey, Identifier(appointment), Json(appointment))), HttpStatusCode.OK);
        await BookAsync(Publishers.BetaKey, practitioner, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_squatted_identifier_neither_blocks_nor_changes_its_owners_appointment()
    {
        // Beta sends, first, an appointment with alpha's identifier for a PS of its own.
        const string betas = "810000000955";
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.BetaKey, betas);
        var squat = Ps("a-future-42", a =>
        {
            a.Identifier[0].System = "urn:puba:appointment";
            SetPractitioner(a, betas);
        });
        var squatted = await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.BetaKey, Json(squat))), HttpStatusCode.Created);

        var real = Ps("a-future-42", a =>
        {
            a.Identifier[0].System = "urn:puba:appointment";
            SetPractitioner(a, _agendas.PractitionerIds[1]);
        });
        var created = await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(real))), HttpStatusCode.Created);
        real.Status = Appointment.AppointmentStatus.Cancelled;
        var updated = await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Put(Publishers.AlphaKey, Identifier(real), Json(real))), HttpStatusCode.OK);
        squat.Status = Appointment.AppointmentStatus.Fulfilled;
        var betaAgain = await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Put(Publishers.BetaKey, Identifier(squat), Json(squat))), HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Is.Not.EqualTo(squatted.Id), "two publishers, two appointments");
            Assert.That(updated.Id, Is.EqualTo(created.Id));
            Assert.That(betaAgain.Id, Is.EqualTo(squatted.Id));
        });
    }

    [Test]
    public async Task Later_versions_reach_the_SAS_as_updates_of_the_id_it_gave()
    {
        var appointment = Ps(change: a => SetPractitioner(a, _agendas.PractitionerIds[2]));
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.Created);
        await Eventually.TrueAsync(() => _sas.VersionsOf(Identifier(appointment)).Count == 1, "created at the SAS");

        appointment.Status = Appointment.AppointmentStatus.Cancelled;
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Put(Publishers.AlphaKey, Identifier(appointment), Json(appointment))), HttpStatusCode.OK);
        await Eventually.TrueAsync(() => _sas.VersionsOf(Identifier(appointment)).Count == 2, "update relayed");

        var update = _sas.Received.Last(r => r.Identifier == Identifier(appointment) && r.AnsweredStatusCode < 300);
        Assert.That(update.SasId, Does.StartWith("sas-"), "PUT [base]/Appointment/<the SAS's id>, not a conditional update another publisher's identifier could reach");
    }

    [Test]
    public async Task Deciding_needs_a_known_publisher_a_valid_id_and_grant_or_refuse()
    {
        Assert.That((await _hub.Http.PutAsJsonAsync("admin/booking-claims/810000000966/nobody", new { decision = "grant" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _hub.Http.PutAsJsonAsync("admin/booking-claims/12/beta", new { decision = "grant" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _hub.Http.PutAsJsonAsync("admin/booking-claims/810000000966/beta", new { decision = "maybe" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _hub.Http.DeleteAsync("admin/booking-claims/810000000966/beta")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _publisher.GetAsync("admin/booking-claims")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<OperationOutcome> BookAsync(string key, string practitioner, HttpStatusCode expected)
    {
        var response = await _publisher.SendAsync(Publishers.Post(key, Json(Ps(change: a => SetPractitioner(a, practitioner)))));
        if (expected == HttpStatusCode.Created)
        {
            await FhirAssert.ReadAsync<Appointment>(response, expected);
            return new OperationOutcome();
        }

        return await FhirAssert.ReadOutcomeAsync(response, expected);
    }

    private async Task<int> SolicitedAsync(string practitioner)
    {
        var answer = await FhirAssert.ReadAsync<Parameters>(await _hub.Http.GetAsync($"fhir/$last-solicited?practitioner={practitioner}"), HttpStatusCode.OK);
        return ((Integer)answer.Parameter.Single().Part.Single(p => p.Name == "appointments").Value).Value ?? 0;
    }
}
