using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.SasReceiver;
using static Sas.Interop.Appointments.Tests.AppointmentInputs;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Appointments.Tests;

/// <summary>POST and conditional PUT of IG appointments on the real hub, every refusal, and the relay of what is accepted.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class AppointmentWriteTests
{
    private SasReceiverSimulator _sas = null!;
    private RunningHub _hub = null!;
    private HttpClient _publisher = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sas = await SasReceiverSimulator.StartAsync();
        _hub = await RunningHub.StartAsync(Publishers.Settings(_sas.FhirBase));
        _publisher = Publishers.Client(_hub.BaseUrl);
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.AlphaKey, IgPractitioner);
        await Publishers.PublishPractitionerAsync(_publisher, Publishers.AlphaKey, "810000000199");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _publisher.Dispose();
        await _hub.DisposeAsync();
        await _sas.DisposeAsync();
    }

    [Test]
    public async Task A_POST_of_the_IG_example_is_created_and_relayed_to_the_SAS()
    {
        var appointment = Ps();
        var response = await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment)));

        var stored = await FhirAssert.ReadAsync<Appointment>(response, HttpStatusCode.Created);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo(_hub.BaseUrl.TrimEnd('/') + "/fhir/Appointment/" + stored.Id), "absolute, as the IG answers");
        Assert.That(stored.Identifier[0].Value, Is.EqualTo(appointment.Identifier[0].Value));
        await Eventually.TrueAsync(() => _sas.Appointments.ContainsKey(Identifier(appointment)), "the SAS received the appointment");
        var received = _sas.Received.Where(r => r.Identifier == Identifier(appointment)).ToList();
        Assert.That(received.Select(r => (r.Method, r.Sequence, r.Status)), Is.EqualTo(new[] { ("POST", (int?)1, "booked") }));
    }

    [Test]
    public async Task The_SOS_example_with_an_unknown_PS_is_accepted()
    {
        var response = await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(Sos())));
        await FhirAssert.ReadAsync<Appointment>(response, HttpStatusCode.Created);
    }

    [Test]
    public async Task A_conditional_PUT_creates_then_updates_and_the_SAS_gets_both_versions_in_order()
    {
        var appointment = Ps();
        var identifier = Identifier(appointment);
        var first = await _publisher.SendAsync(Publishers.Put(Publishers.AlphaKey, identifier, Json(appointment)));
        var created = await FhirAssert.ReadAsync<Appointment>(first, HttpStatusCode.Created);

        appointment.Status = Appointment.AppointmentStatus.Cancelled;
        var second = await _publisher.SendAsync(Publishers.Put(Publishers.AlphaKey, identifier, Json(appointment)));
        var updated = await FhirAssert.ReadAsync<Appointment>(second, HttpStatusCode.OK);

        Assert.That(updated.Id, Is.EqualTo(created.Id), "one appointment, keyed by the publisher's identifier");
        Assert.That(second.Headers.Location?.ToString(), Does.EndWith("/fhir/Appointment/" + created.Id));
        await Eventually.TrueAsync(() => _sas.VersionsOf(identifier).Count == 2, "both versions relayed");
        Assert.That(_sas.VersionsOf(identifier), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(_sas.Appointments[identifier], Does.Contain("\"cancelled\""));
    }

    [Test]
    public async Task A_repeated_POST_is_an_update_not_a_second_appointment()
    {
        var appointment = Ps();
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.Created);
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.OK);

        await Eventually.TrueAsync(() => _sas.VersionsOf(Identifier(appointment)).Count == 2, "both writes relayed");
        Assert.That(_sas.Appointments.Keys.Count(k => k == Identifier(appointment)), Is.EqualTo(1));
    }

    [Test]
    public async Task Another_publisher_cannot_book_for_a_practitioner_it_does_not_publish()
    {
        var appointment = Ps();
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.Created);
        var before = await RelayStatusAsync();

        appointment.Status = Appointment.AppointmentStatus.Cancelled;
        var put = await _publisher.SendAsync(Publishers.Put(Publishers.BetaKey, Identifier(appointment), Json(appointment)));
        var post = await _publisher.SendAsync(Publishers.Post(Publishers.BetaKey, Json(appointment)));

        var outcome = await FhirAssert.ReadOutcomeAsync(put, HttpStatusCode.Forbidden);
        Assert.That(outcome.Issue[0].Diagnostics, Does.Contain("You do not publish the PS"));
        await FhirAssert.ReadOutcomeAsync(post, HttpStatusCode.Forbidden);
        var after = await RelayStatusAsync();
        Assert.That(after.GetProperty("pending").GetInt32() + after.GetProperty("delivered").GetInt32(), Is.EqualTo(before.GetProperty("pending").GetInt32() + before.GetProperty("delivered").GetInt32()), "nothing enqueued");
    }

    [Test]
    public async Task Without_a_publisher_identity_the_write_gets_401()
    {
        var response = await _publisher.SendAsync(Publishers.Request(HttpMethod.Post, "fhir/Appointment", key: null, Json(Ps())));
        await FhirAssert.ReadOutcomeAsync(response, HttpStatusCode.Unauthorized);
    }

    public static IEnumerable<TestCaseData> ProfileViolations()
    {
        yield return Case("no operator extension", a => a.Extension.Clear(), "Appointment.extension");
        yield return Case("operator type not IDNPS/INTRN", a => ((ResourceReference)a.Extension[0].Value).Identifier.Type.Coding[0].Code = "RPPS", "Appointment.extension[0].valueReference.identifier.type");
        yield return Case("INTRN operator with the national system", a => ((ResourceReference)a.Extension[0].Value).Identifier.Type.Coding[0].Code = "INTRN", "Appointment.extension[0].valueReference.identifier.system");
        yield return Case("operator without value", a => ((ResourceReference)a.Extension[0].Value).Identifier.Value = null, "Appointment.extension[0].valueReference.identifier.value");
        yield return Case("no identifier", a => a.Identifier.Clear(), "Appointment.identifier");
        yield return Case("identifier without system", a => a.Identifier[0].System = null, "Appointment.identifier[0].system");
        yield return Case("status proposed", a => a.Status = Appointment.AppointmentStatus.Proposed, "Appointment.status");
        yield return Case("no start", a => a.Start = null, "Appointment.start");
        yield return Case("end before start", a => a.End = a.Start!.Value.AddMinutes(-5), "Appointment.end");
        yield return Case("participant declined", a => a.Participant[0].Status = ParticipationStatus.Declined, "Appointment.participant[0].status");
        yield return Case("PS with a wrong system", a => a.Participant[0].Actor.Identifier.System = "urn:oid:1.2.3", "Appointment.participant[0].actor.identifier.system");
        yield return Case("PS id not a national id", a => a.Participant[0].Actor.Identifier.Value = "12", "Appointment.participant[0].actor.identifier.value");
        yield return Case("no PS participant", a => a.Participant[0].Actor = null, "Appointment.participant");
        yield return Case("no meta.profile", a => a.Meta = null, "Appointment.meta.profile");
        yield return Case("two slots", a => a.Slot.AddRange([new ResourceReference("Slot/a"), new ResourceReference("Slot/b")]), "Appointment.slot");
        yield return Case("slot not a Slot reference", a => a.Slot.Add(new ResourceReference("Schedule/a")), "Appointment.slot[0].reference");
        yield return Case("SOS with a second extension", a =>
        {
            a.Meta.Profile = ["https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-appointment"];
            a.Extension.Add(new Extension("https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-categorie-orientation", new CodeableConcept("urn:x", "y")));
        }, "Appointment.extension");

        static TestCaseData Case(string name, Action<Appointment> breakIt, string expression) =>
            new TestCaseData(breakIt, expression).SetName("422 when " + name);
    }

    [TestCaseSource(nameof(ProfileViolations))]
    public async Task A_profile_violation_gets_422_with_its_FHIRPath_and_stores_nothing(Action<Appointment> breakIt, string expression)
    {
        var appointment = Ps(change: breakIt);
        var before = (await RelayStatusAsync()).GetProperty("appointments").GetInt32();

        var outcome = await FhirAssert.ReadOutcomeAsync(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.UnprocessableEntity);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain(expression), string.Join(" / ", outcome.Issue.Select(i => i.Diagnostics)));
        Assert.That((await RelayStatusAsync()).GetProperty("appointments").GetInt32(), Is.EqualTo(before), "nothing stored");
    }

    [Test]
    public async Task Every_issue_is_listed_at_once()
    {
        var appointment = Ps(change: a =>
        {
            a.Extension.Clear();
            a.Start = null;
            a.Participant[0].Status = ParticipationStatus.Declined;
        });

        var outcome = await FhirAssert.ReadOutcomeAsync(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.UnprocessableEntity);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Is.SupersetOf(new[] { "Appointment.extension", "Appointment.start", "Appointment.participant[0].status" }));
    }

    [TestCase("{\"resourceType\":\"Appointment\",\"statuss\":\"booked\"}", TestName = "400 for an unknown element")]
    [TestCase("{\"resourceType\":\"Appointment\",", TestName = "400 for broken JSON")]
    [TestCase("{\"resourceType\":\"Patient\"}", TestName = "400 for another resource type")]
    [TestCase("", TestName = "400 for an empty body")]
    public async Task A_body_that_is_not_an_Appointment_gets_400(string body)
    {
        await FhirAssert.ReadOutcomeAsync(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, body)), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_PUT_without_identifier_or_with_another_one_gets_400()
    {
        var appointment = Ps();
        var without = await _publisher.SendAsync(Publishers.Request(HttpMethod.Put, "fhir/Appointment", Publishers.AlphaKey, Json(appointment)));
        var capitalised = await _publisher.SendAsync(Publishers.Request(HttpMethod.Put, "fhir/Appointment?Identifier=" + Uri.EscapeDataString(Identifier(appointment)), Publishers.AlphaKey, Json(appointment)));
        var other = await _publisher.SendAsync(Publishers.Put(Publishers.AlphaKey, "urn:oid:1.1.111.1.11.1.1.1|something-else", Json(appointment)));
        var token = Uri.EscapeDataString(Identifier(appointment));
        var both = await _publisher.SendAsync(Publishers.Request(HttpMethod.Put, $"fhir/Appointment?Identifier={token}&identifier={token}", Publishers.AlphaKey, Json(appointment)));

        await FhirAssert.ReadOutcomeAsync(without, HttpStatusCode.BadRequest);
        await FhirAssert.ReadOutcomeAsync(capitalised, HttpStatusCode.BadRequest);
        var misspelt = await FhirAssert.ReadOutcomeAsync(both, HttpStatusCode.BadRequest);
        Assert.That(misspelt.Issue[0].Diagnostics, Does.Contain("Unknown parameter 'Identifier'"), "a misspelt name beside the right one is not folded into it");
        var outcome = await FhirAssert.ReadOutcomeAsync(other, HttpStatusCode.BadRequest);
        Assert.That(outcome.Issue[0].Diagnostics, Does.Contain("does not name the body's identifier"));
    }

    [Test]
    public async Task If_Match_is_refused_with_412()
    {
        var appointment = Ps();
        var request = Publishers.Put(Publishers.AlphaKey, Identifier(appointment), Json(appointment));
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\"", isWeak: true));
        await FhirAssert.ReadOutcomeAsync(await _publisher.SendAsync(request), HttpStatusCode.PreconditionFailed);
    }

    [Test]
    public async Task The_SAS_can_ask_when_a_practitioner_was_last_solicited()
    {
        const string practitioner = "810000000199";
        var appointment = Ps(change: a => SetPractitioner(a, practitioner));
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment))), HttpStatusCode.Created);

        var answer = await FhirAssert.ReadAsync<Parameters>(await _hub.Http.GetAsync($"fhir/$last-solicited?practitioner={practitioner},10000000288"), HttpStatusCode.OK);

        var parts = answer.Parameter.Where(p => p.Name == "solicitation").ToList();
        Assert.That(parts, Has.Count.EqualTo(2));
        var solicited = parts.Single(p => ((Identifier)p.Part.Single(x => x.Name == "practitioner").Value).Value == practitioner);
        var never = parts.Single(p => ((Identifier)p.Part.Single(x => x.Name == "practitioner").Value).Value == "810000000288");
        Assert.Multiple(() =>
        {
            Assert.That(solicited.Part.Single(x => x.Name == "lastSolicited").Value, Is.InstanceOf<Instant>());
            Assert.That(((Integer)solicited.Part.Single(x => x.Name == "appointments").Value).Value, Is.EqualTo(1));
            Assert.That(never.Part.Any(x => x.Name == "lastSolicited"), Is.False);
            Assert.That(((Integer)never.Part.Single(x => x.Name == "appointments").Value).Value, Is.Zero);
        });
    }

    [TestCase("", TestName = "400 without practitioner")]
    [TestCase("?practitioner=12", TestName = "400 for a practitioner id that is not national")]
    [TestCase("?practitioner=810000000199&foo=1", TestName = "400 for an unknown parameter")]
    [TestCase("?Practitioner=810000000199&practitioner=810000000199", TestName = "400 for a misspelt name beside the right one")]
    public async Task Wrong_last_solicited_requests_get_400(string query)
    {
        await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync("fhir/$last-solicited" + query), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task The_relay_state_is_visible_in_admin()
    {
        var appointment = Ps();
        await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(appointment)));
        await Eventually.TrueAsync(() => _sas.Appointments.ContainsKey(Identifier(appointment)), "relayed");
        await Eventually.TrueAsync(async () => (await RelayStatusAsync()).GetProperty("pending").GetInt32() == 0, "nothing pending");

        var status = await RelayStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("endpoint").GetString(), Is.EqualTo(_sas.FhirBase));
            Assert.That(status.GetProperty("delivered").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(status.GetProperty("oldestPendingAgeSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        using var anonymous = new HttpClient { BaseAddress = new Uri(_hub.BaseUrl) };
        Assert.That((await anonymous.GetAsync("admin/appointments/relay")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_KPIs_count_the_appointments_received()
    {
        await FhirAssert.ReadAsync<Appointment>(await _publisher.SendAsync(Publishers.Post(Publishers.AlphaKey, Json(Ps()))), HttpStatusCode.Created);
        var stored = (await RelayStatusAsync()).GetProperty("appointments").GetInt32();

        var kpis = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis?granularity=day");

        Assert.That(kpis.GetProperty("totals").GetProperty("appointmentsReceived").GetInt32(), Is.EqualTo(stored).And.GreaterThan(0), "every appointment this hub got was received today");
    }

    private async Task<JsonElement> RelayStatusAsync() => await _hub.Http.GetFromJsonAsync<JsonElement>("admin/appointments/relay");
}
