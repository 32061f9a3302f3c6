using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.SasReceiver;
using Sas.Interop.Testing.Databases;
using static Sas.Interop.Appointments.Tests.AppointmentInputs;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Appointments.Tests;

/// <summary>The outbox against a SAS that fails, refuses, or is unreachable while the hub restarts: nothing lost, nothing twice, in order.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class RelayTests
{
    [Test]
    public async Task A_SAS_that_fails_then_recovers_gets_every_version_once_and_in_order()
    {
        await using var sas = await SasReceiverSimulator.StartAsync();
        await using var hub = await RunningHub.StartAsync(Publishers.Settings(sas.FhirBase));
        using var publisher = Publishers.Client(hub.BaseUrl);
        await Publishers.PublishPractitionerAsync(publisher, Publishers.AlphaKey, IgPractitioner);
        sas.FailNext(5);

        var a = Ps();
        var b = Ps();
        await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(a)), HttpStatusCode.Created);
        await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(b)), HttpStatusCode.Created);
        a.Status = Appointment.AppointmentStatus.Fulfilled;
        await Send(publisher, Publishers.Put(Publishers.AlphaKey, Identifier(a), Json(a)), HttpStatusCode.OK);
        a.Status = Appointment.AppointmentStatus.Noshow;
        await Send(publisher, Publishers.Put(Publishers.AlphaKey, Identifier(a), Json(a)), HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await Status(hub)).GetProperty("delivered").GetInt32() == 4, "all four versions delivered");

        var failed = sas.Received.Count(r => r.AnsweredStatusCode >= 500);
        Assert.Multiple(async () =>
        {
            Assert.That(failed, Is.EqualTo(5), "the SAS really failed five times");
            Assert.That(sas.VersionsOf(Identifier(a)), Is.EqualTo(new[] { 1, 2, 3 }), "each version applied once, in order");
            Assert.That(sas.VersionsOf(Identifier(b)), Is.EqualTo(new[] { 1 }));
            Assert.That(sas.Appointments[Identifier(a)], Does.Contain("\"noshow\""), "the last version wins");
            Assert.That(OrderOfFirstSuccess(sas, Identifier(a)), Is.EqualTo(new[] { 1, 2, 3 }), "version n+1 never reached the SAS before version n");
            var status = await Status(hub);
            Assert.That(status.GetProperty("pending").GetInt32(), Is.Zero);
            Assert.That(status.GetProperty("lastError").GetString(), Does.Contain("503"));
        });
    }

    [Test]
    public async Task Versions_queued_while_the_SAS_is_down_are_delivered_after_a_hub_restart()
    {
        // One database for both lives, of the engine SAS_INTEROP_TEST_PROVIDER names.
        await using var database = await TestDatabase.CreateAsync();
        var a = Ps();
        var b = Ps();
        await using var sas = await SasReceiverSimulator.StartAsync();
        var settings = Publishers.Settings(sas.FhirBase);
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        // First life: the SAS refuses everything with 503; three versions wait in the outbox.
        sas.FailNext(int.MaxValue);
        await using (var first = await RunningHub.StartAsync(settings))
        {
            using var publisher = Publishers.Client(first.BaseUrl);
            await Publishers.PublishPractitionerAsync(publisher, Publishers.AlphaKey, IgPractitioner);
            await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(a)), HttpStatusCode.Created);
            await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(b)), HttpStatusCode.Created);
            a.Status = Appointment.AppointmentStatus.Cancelled;
            await Send(publisher, Publishers.Put(Publishers.AlphaKey, Identifier(a), Json(a)), HttpStatusCode.OK);
            await Eventually.TrueAsync(() => sas.Received.Count >= 2, "the relay tried");
            var status = await Status(first);
            Assert.That(status.GetProperty("pending").GetInt32(), Is.EqualTo(3));
            Assert.That(status.GetProperty("failing").GetInt32(), Is.GreaterThanOrEqualTo(1));
        }

        Assert.That(sas.Appointments, Is.Empty, "nothing accepted while failing");

        // Second life, same database: the SAS is back.
        sas.FailNext(0);
        await using var second = await RunningHub.StartAsync(settings);
        await Eventually.TrueAsync(async () => (await Status(second)).GetProperty("delivered").GetInt32() == 3, "all versions delivered after the restart");

        Assert.Multiple(() =>
        {
            Assert.That(sas.VersionsOf(Identifier(a)), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(sas.VersionsOf(Identifier(b)), Is.EqualTo(new[] { 1 }));
            Assert.That(sas.Appointments, Has.Count.EqualTo(2));
            Assert.That(sas.Appointments[Identifier(a)], Does.Contain("\"cancelled\""));

            // Tried before: resent as the idempotent conditional update, never as a second create.
            Assert.That(sas.Received.Where(r => r.AnsweredStatusCode < 300 && r.Sequence == 1).Select(r => r.Method), Is.All.EqualTo("PUT"));
        });
    }

    [Test]
    public async Task A_version_the_SAS_refuses_with_a_4xx_is_not_retried_and_does_not_block_the_next()
    {
        await using var sas = await SasReceiverSimulator.StartAsync();
        await using var hub = await RunningHub.StartAsync(Publishers.Settings(sas.FhirBase));
        using var publisher = Publishers.Client(hub.BaseUrl);
        await Publishers.PublishPractitionerAsync(publisher, Publishers.AlphaKey, IgPractitioner);
        sas.FailNext(1, StatusCodes422);

        var a = Ps();
        await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(a)), HttpStatusCode.Created);
        await Eventually.TrueAsync(async () => (await Status(hub)).GetProperty("refused").GetInt32() == 1, "the create is refused");
        a.Status = Appointment.AppointmentStatus.Cancelled;
        await Send(publisher, Publishers.Put(Publishers.AlphaKey, Identifier(a), Json(a)), HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await Status(hub)).GetProperty("delivered").GetInt32() == 1, "the update is delivered");

        Assert.That(sas.Received.Select(r => (r.Method, r.AnsweredStatusCode)), Is.EqualTo(new[] { ("POST", 422), ("PUT", 201) }), "the refused version was sent once");
        Assert.That((await Status(hub)).GetProperty("lastError").GetString(), Does.Contain("422"));
    }

    private const int StatusCodes422 = 422;

    [Test]
    public async Task The_outbox_gauges_show_the_versions_waiting_for_a_SAS_that_is_down_and_how_long_the_oldest_has_waited()
    {
        await using var sas = await SasReceiverSimulator.StartAsync();
        var settings = Publishers.Settings(sas.FhirBase);
        settings["Metrics:RefreshEvery"] = "00:00:01";
        await using var hub = await RunningHub.StartAsync(settings);
        using var publisher = Publishers.Client(hub.BaseUrl);
        await Publishers.PublishPractitionerAsync(publisher, Publishers.AlphaKey, IgPractitioner);
        sas.FailNext(int.MaxValue);

        await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(Ps())), HttpStatusCode.Created);
        await Eventually.TrueAsync(async () => (await Status(hub)).GetProperty("failing").GetInt32() == 1, "the relay tried and failed");
        var status = await Status(hub);

        PrometheusScrape scrape = null!;
        await Eventually.TrueAsync(async () => (scrape = await PrometheusScrape.GetAsync(hub.Http)).Value("sas_interop_appointments_outbox_failing") == 1, "the gauges read the failed attempt");
        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value("sas_interop_appointments_outbox_pending"), Is.EqualTo(status.GetProperty("pending").GetInt32()).And.EqualTo(1));
            Assert.That(scrape.Value("sas_interop_appointments_outbox_refused"), Is.Zero);
            Assert.That(scrape.Value("sas_interop_appointments_outbox_oldest_pending_age_seconds"), Is.GreaterThanOrEqualTo(status.GetProperty("oldestPendingAgeSeconds").GetInt64()).And.GreaterThan(0), "counted from the enqueue time at scrape time");
        });
    }

    private static IEnumerable<int> OrderOfFirstSuccess(SasReceiverSimulator sas, string identifier) =>
        sas.Received.Where(r => r.Identifier == identifier && r.AnsweredStatusCode < 300 && r.Sequence is not null).Select(r => r.Sequence!.Value).Distinct();

    private static async Task Send(HttpClient client, HttpRequestMessage request, HttpStatusCode expected) =>
        await FhirAssert.ReadAsync<Appointment>(await client.SendAsync(request), expected);

    private static async Task<JsonElement> Status(RunningHub hub) => await hub.Http.GetFromJsonAsync<JsonElement>("admin/appointments/relay");
}
