using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Hosting;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Sync.Configuration;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// A sas-fhir connector against a publisher reached over mutual TLS (the simulator on 127.0.0.1, HTTPS, a client
/// certificate of the test CA required): the hub presents <c>Connectors:&lt;id&gt;:Tls</c>'s certificate and trusts
/// only its <c>ServerCaPath</c>.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class OutboundMutualTlsTests
{
    [TestCase("pkcs12")]
    [TestCase("pem")]
    public async Task A_connector_syncs_from_a_publisher_that_requires_its_client_certificate(string format)
    {
        using var certificates = TestCertificates.Create();
        using var client = TestCertificates.CreateClient(certificates.Ca, "hub.sas-interop.example.fr", "SAS-EDITEUR");
        using var server = certificates.LoadServer();
        await using var publisher = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Name = "mtls", PractitionerCount = 3, ServerCertificate = server, RequiredClientCa = certificates.Ca },
            CancellationToken.None);
        var settings = RunningHub.Connector("sim", publisher.BaseUrl, publisher.PractitionerIds, schedule: "manual");
        settings["Connectors:sim:Tls:ServerCaPath"] = certificates.WritePemBundle("publisher-ca", certificates.Ca);
        if (format == "pkcs12")
        {
            settings["Connectors:sim:Tls:ClientCertificatePath"] = certificates.WritePkcs12(client, "connector", "connector-secret");
            settings["Connectors:sim:Tls:ClientCertificatePassword"] = "connector-secret";
        }
        else
        {
            (settings["Connectors:sim:Tls:ClientCertificatePemPath"], settings["Connectors:sim:Tls:ClientKeyPemPath"]) = certificates.WritePem(client, "connector");
        }

        await using var hub = await RunningHub.StartAsync(settings);
        var run = await SyncAsync(hub);

        Assert.Multiple(() =>
        {
            Assert.That(publisher.BaseUrl, Does.StartWith("https://"));
            Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("succeeded"), run.ToString());
            Assert.That(run.GetProperty("slotsStored").GetInt32(), Is.GreaterThan(0));
            Assert.That(publisher.Searches, Is.Not.Empty);
            Assert.That(publisher.Searches.Select(s => s.ClientCertificateSubject), Is.All.Contains("CN=hub.sas-interop.example.fr"));
            Assert.That(publisher.Searches.Select(s => s.UserAgent), Is.All.EqualTo("Sas.Interop/" + InformationalVersionOfTheHub()), "the User-Agent carries the hub's stamped version");
        });
    }

    [Test]
    public async Task Only_the_CAs_of_ServerCaPath_are_trusted_for_the_publishers_certificate()
    {
        using var certificates = TestCertificates.Create();
        using var otherCa = TestCertificates.CreateCa("CN=Some Other CA");
        using var client = TestCertificates.CreateClient(certificates.Ca, "hub.sas-interop.example.fr", "SAS-EDITEUR");
        using var server = certificates.LoadServer();
        await using var publisher = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Name = "mtls", PractitionerCount = 2, ServerCertificate = server, RequiredClientCa = certificates.Ca },
            CancellationToken.None);
        var settings = RunningHub.Connector("sim", publisher.BaseUrl, publisher.PractitionerIds, schedule: "manual");
        settings["Connectors:sim:Tls:ClientCertificatePath"] = certificates.WritePkcs12(client, "connector", "connector-secret");
        settings["Connectors:sim:Tls:ClientCertificatePassword"] = "connector-secret";
        settings["Connectors:sim:Resilience:MaxRetryAttempts"] = "0";

        // A bundle of another CA only: the publisher's certificate is refused before any request is sent.
        settings["Connectors:sim:Tls:ServerCaPath"] = certificates.WritePemBundle("other-only", otherCa);
        await using (var hub = await RunningHub.StartAsync(settings))
        {
            var refused = await SyncAsync(hub);
            Assert.That(refused.GetProperty("status").GetString(), Is.Not.EqualTo("succeeded"), refused.ToString());
            Assert.That(publisher.SearchCount, Is.Zero, "no request got through the handshake");
        }

        // A bundle of two CAs, the publisher's among them: accepted.
        settings["Connectors:sim:Tls:ServerCaPath"] = certificates.WritePemBundle("both", otherCa, certificates.Ca);
        await using (var hub = await RunningHub.StartAsync(settings))
        {
            var accepted = await SyncAsync(hub);
            Assert.That(accepted.GetProperty("status").GetString(), Is.EqualTo("succeeded"), accepted.ToString());
        }
    }

    [TestCase("missing-file", "Connectors:sim:Tls:ClientCertificatePath: file")]
    [TestCase("wrong-password", "Connectors:sim:Tls:ClientCertificatePassword:")]
    [TestCase("pem-without-key", "Connectors:sim:Tls:ClientKeyPemPath is missing")]
    [TestCase("ca-unreadable", "Connectors:sim:Tls:ServerCaPath:")]
    public void A_bad_connector_TLS_setting_stops_the_hub_naming_the_key(string mistake, string message)
    {
        using var certificates = TestCertificates.Create();
        using var client = TestCertificates.CreateClient(certificates.Ca, "hub", "SAS");
        var settings = RunningHub.Connector("sim", "https://127.0.0.1:9/fhir", ["810100050075"], schedule: "manual");
        const string Tls = "Connectors:sim:Tls:";
        switch (mistake)
        {
            case "missing-file":
                settings[Tls + "ClientCertificatePath"] = Path.Combine(certificates.Folder, "nowhere.p12");
                break;
            case "wrong-password":
                settings[Tls + "ClientCertificatePath"] = certificates.WritePkcs12(client, "client", "right");
                settings[Tls + "ClientCertificatePassword"] = "wrong";
                break;
            case "pem-without-key":
                settings[Tls + "ClientCertificatePemPath"] = certificates.WritePem(client, "client").CertificatePath;
                break;
            case "ca-unreadable":
                var garbage = Path.Combine(certificates.Folder, "garbage.pem");
                File.WriteAllText(garbage, "not a certificate");
                settings[Tls + "ServerCaPath"] = garbage;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        var error = Assert.ThrowsAsync<ConnectorConfigurationException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public async Task The_metadata_shows_the_version_stamped_into_the_hub()
    {
        await using var hub = await RunningHub.StartAsync(new Dictionary<string, string>());

        var statement = await FhirAssert.ReadAsync<CapabilityStatement>(await hub.Http.GetAsync("fhir/metadata"), HttpStatusCode.OK);

        Assert.That(statement.Software.Version, Is.EqualTo(InformationalVersionOfTheHub()));
        Assert.That(statement.Software.Version, Does.Match(@"^\d+\.\d+\.\d+"), "a semantic version computed from git (MinVer), not the assembly's 1.0.0.0 default");
    }

    private static async Task<JsonElement> SyncAsync(RunningHub hub)
    {
        var response = await hub.Http.PostAsync("admin/connectors/sim/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string InformationalVersionOfTheHub() =>
        typeof(HubApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
}
