using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Hosting;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.SasReceiver;
using Sas.Interop.Testing.Databases;
using static Sas.Interop.Appointments.Tests.AppointmentInputs;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Appointments.Tests;

/// <summary>
/// The relay against a SAS reached as the IG says, over mutual TLS: an HTTPS receiver on 127.0.0.1 that requires a
/// client certificate of the test CA. The relay presents the configured one and trusts only the configured CAs.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class RelayMutualTlsTests
{
    [TestCase("pkcs12")]
    [TestCase("pem")]
    public async Task The_relay_presents_its_client_certificate_to_a_SAS_that_requires_one(string format)
    {
        using var certificates = TestCertificates.Create();
        using var client = TestCertificates.CreateClient(certificates.Ca, "hub.sas-interop.example.fr", "SAS-EDITEUR");
        using var server = certificates.LoadServer();
        await using var sas = await SasReceiverSimulator.StartAsync(new SasReceiverTls(server, RequiredClientCa: certificates.Ca));
        var settings = Publishers.Settings(sas.FhirBase);
        settings["Appointments:Relay:Tls:ServerCaPath"] = certificates.WritePemBundle("sas-ca", certificates.Ca);
        AddClientCertificate(settings, certificates, client, format);
        await using var hub = await RunningHub.StartAsync(settings);
        using var publisher = Publishers.Client(hub.BaseUrl);
        await Publishers.PublishPractitionerAsync(publisher, Publishers.AlphaKey, IgPractitioner);

        var appointment = Ps();
        await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(appointment)), HttpStatusCode.Created);
        await Eventually.TrueAsync(async () => (await Status(hub)).GetProperty("delivered").GetInt32() == 1, "the appointment is delivered over mutual TLS");

        var received = sas.Received.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sas.FhirBase, Does.StartWith("https://"));
            Assert.That(received.ClientCertificateSubject, Does.Contain("CN=hub.sas-interop.example.fr"));
            Assert.That(sas.Appointments.Keys, Is.EqualTo(new[] { Identifier(appointment) }));
            Assert.That(received.UserAgent, Is.EqualTo("Sas.Interop/" + InformationalVersionOfTheHub()), "the User-Agent carries the hub's stamped version");
        });
    }

    [Test]
    public async Task Without_a_client_certificate_the_version_waits_in_the_outbox_and_goes_once_one_is_configured()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var certificates = TestCertificates.Create();
        using var client = TestCertificates.CreateClient(certificates.Ca, "hub.sas-interop.example.fr", "SAS-EDITEUR");
        using var server = certificates.LoadServer();
        await using var sas = await SasReceiverSimulator.StartAsync(new SasReceiverTls(server, RequiredClientCa: certificates.Ca));
        var settings = Publishers.Settings(sas.FhirBase);
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        settings["Appointments:Relay:Tls:ServerCaPath"] = certificates.WritePemBundle("sas-ca", certificates.Ca);
        var appointment = Ps();

        // First life: the server is trusted but the hub has no certificate to present; the SAS refuses the handshake.
        await using (var first = await RunningHub.StartAsync(settings))
        {
            using var publisher = Publishers.Client(first.BaseUrl);
            await Publishers.PublishPractitionerAsync(publisher, Publishers.AlphaKey, IgPractitioner);
            await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(appointment)), HttpStatusCode.Created);
            await Eventually.TrueAsync(async () => (await Status(first)).GetProperty("failing").GetInt32() == 1, "the delivery fails");

            var status = await Status(first);
            Assert.Multiple(() =>
            {
                Assert.That(status.GetProperty("pending").GetInt32(), Is.EqualTo(1), "a refused handshake is transient: the version stays pending, to be retried");
                Assert.That(status.GetProperty("refused").GetInt32(), Is.Zero);
                // TLS 1.3: the server refuses the missing certificate after the handshake, so the client sees the connection cut.
                Assert.That(status.GetProperty("lastError").GetString(), Does.StartWith("HttpRequestException"));
                Assert.That(sas.Received, Is.Empty, "no request got through the handshake");
            });
        }

        // Second life, same outbox: the certificate is configured and the waiting version goes.
        AddClientCertificate(settings, certificates, client, "pkcs12");
        await using var second = await RunningHub.StartAsync(settings);
        await Eventually.TrueAsync(async () => (await Status(second)).GetProperty("delivered").GetInt32() == 1, "delivered once the certificate is configured");
        Assert.That(sas.Appointments.Keys, Is.EqualTo(new[] { Identifier(appointment) }));
    }

    [Test]
    public async Task A_SAS_whose_server_certificate_comes_from_another_CA_is_refused_and_the_error_says_so()
    {
        using var certificates = TestCertificates.Create();
        using var impostor = TestCertificates.Create();
        using var client = TestCertificates.CreateClient(certificates.Ca, "hub.sas-interop.example.fr", "SAS-EDITEUR");
        using var impostorServer = impostor.LoadServer();

        // It accepts any client certificate of the real CA: only the hub's check of the server can refuse it.
        await using var sas = await SasReceiverSimulator.StartAsync(new SasReceiverTls(impostorServer, RequiredClientCa: certificates.Ca));
        var settings = Publishers.Settings(sas.FhirBase);
        settings["Appointments:Relay:Tls:ServerCaPath"] = certificates.WritePemBundle("sas-ca", certificates.Ca);
        AddClientCertificate(settings, certificates, client, "pkcs12");
        await using var hub = await RunningHub.StartAsync(settings);
        using var publisher = Publishers.Client(hub.BaseUrl);
        await Publishers.PublishPractitionerAsync(publisher, Publishers.AlphaKey, IgPractitioner);

        await Send(publisher, Publishers.Post(Publishers.AlphaKey, Json(Ps())), HttpStatusCode.Created);
        await Eventually.TrueAsync(async () => (await Status(hub)).GetProperty("failing").GetInt32() == 1, "the delivery fails");

        var status = await Status(hub);
        Assert.Multiple(() =>
        {
            Assert.That(sas.Received, Is.Empty, "nothing was sent to the impostor");
            Assert.That(status.GetProperty("pending").GetInt32(), Is.EqualTo(1));
            Assert.That(status.GetProperty("lastError").GetString(), Does.Contain("remote certificate"), "lastError says the server's certificate was refused");
        });
    }

    private static void AddClientCertificate(Dictionary<string, string> settings, TestCertificates certificates, System.Security.Cryptography.X509Certificates.X509Certificate2 client, string format)
    {
        if (format == "pkcs12")
        {
            settings["Appointments:Relay:Tls:ClientCertificatePath"] = certificates.WritePkcs12(client, "relay-client", "relay-secret");
            settings["Appointments:Relay:Tls:ClientCertificatePassword"] = "relay-secret";
        }
        else
        {
            var (certificatePath, keyPath) = certificates.WritePem(client, "relay-client");
            settings["Appointments:Relay:Tls:ClientCertificatePemPath"] = certificatePath;
            settings["Appointments:Relay:Tls:ClientKeyPemPath"] = keyPath;
        }
    }

    private static string InformationalVersionOfTheHub() =>
        typeof(HubApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    private static async Task Send(HttpClient client, HttpRequestMessage request, HttpStatusCode expected) =>
        await FhirAssert.ReadAsync<Appointment>(await client.SendAsync(request), expected);

    private static async Task<JsonElement> Status(RunningHub hub) => await hub.Http.GetFromJsonAsync<JsonElement>("admin/appointments/relay");
}
