using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Sas.Interop.Faults.Tests;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// The shipped single-node layout, installed as samples/deploy/operations.md says: the published hub, started with the
/// systemd unit's own command line, <c>samples/config/single-node-sqlite.json</c> as <c>/etc/sas-interop/hub.json</c>
/// and its secrets from <c>hub.env.example</c> as the unit's environment file. Only the folders are relocated (the test
/// cannot write /etc) and the publisher address points at a loopback simulator.
/// </summary>
[Category("Deployment")]
[NonParallelizable]
public sealed class SingleNodeSampleTests
{
    private const string Connector = "medilogic";

    [Test]
    public async Task The_single_node_sample_serves_the_sas_and_a_publisher_by_certificate_and_admin_by_the_key_from_the_environment()
    {
        if (TestDatabase.OnPostgres)
        {
            Assert.Ignore("The single-node sample runs on SQLite; it ran in the SQLite pass.");
        }

        var hubAssembly = await PublishedHub.AssemblyAsync();
        var root = Directory.CreateTempSubdirectory("sas-interop-single-node-").FullName;
        using var certificates = TestCertificates.Create();
        using var sas = TestCertificates.CreateClient(certificates.Ca, "plateforme.sas.sante.fr", "SAS");
        using var agendis = TestCertificates.CreateClient(certificates.Ca, "push.agendis.example.fr", "SAS-EDITEUR");
        using var hubClient = TestCertificates.CreateClient(certificates.Ca, "hub.sas-interop.example.fr", "SAS-EDITEUR");
        using var publisherServer = certificates.LoadServer();

        // The publisher requires the hub's client certificate, as IG publishers do.
        await using var publisher = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Name = Connector, PractitionerCount = 2, Days = 3, ServerCertificate = publisherServer, RequiredClientCa = certificates.Ca },
            CancellationToken.None);
        try
        {
            // /etc/sas-interop and /var/lib/sas-interop, relocated under the test's folder.
            var etc = Directory.CreateDirectory(Path.Combine(root, "etc", "sas-interop")).FullName;
            var state = Directory.CreateDirectory(Path.Combine(root, "var", "lib", "sas-interop")).FullName;
            var tls = Directory.CreateDirectory(Path.Combine(etc, "tls")).FullName;
            File.Copy(certificates.ServerPfxPath, Path.Combine(tls, "server.p12"));
            File.Copy(certificates.CaPath, Path.Combine(tls, "igc-sante-ca.pem"));
            File.WriteAllBytes(Path.Combine(tls, "igc-sante-ca.crl"), TestCertificates.CreateCrl(certificates.Ca, []));
            const string ClientPassword = "hub-client-p12";
            File.WriteAllBytes(Path.Combine(tls, "hub-client.p12"), hubClient.Export(X509ContentType.Pkcs12, ClientPassword));
            string Relocate(string text) => text.Replace("/etc/sas-interop", etc, StringComparison.Ordinal).Replace("/var/lib/sas-interop", state, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(etc, "hub.json"), Relocate(File.ReadAllText(RepositoryFiles.PathOf("samples/config/single-node-sqlite.json"))));

            var unit = SystemdUnit.Read(RepositoryFiles.PathOf("samples/deploy/systemd/sas-interop.service"));
            Assert.That(unit.ExecStart[0], Is.EqualTo("/usr/bin/dotnet"), "the unit starts the framework-dependent hub with dotnet");
            Assert.That(unit.ExecStart[1], Is.EqualTo("/opt/sas-interop/Sas.Interop.Host.dll"));
            var arguments = unit.ExecStart.Skip(2).Select(Relocate).ToList();

            const string AdminKey = "deployment-admin-key-7d1e";
            var environment = EnvironmentFile.Read(RepositoryFiles.PathOf("samples/config/hub.env.example"));
            Assert.That(
                environment.Keys,
                Is.EquivalentTo(new[] { "Admin__ApiKeys__0", "Tls__CertificatePassword", "Appointments__Relay__Tls__ClientCertificatePassword", $"Connectors__{Connector}__Tls__ClientCertificatePassword" }),
                "the secrets a single node needs, and no more, are set in the example");
            environment["Admin__ApiKeys__0"] = AdminKey;
            environment["Tls__CertificatePassword"] = TestCertificates.ServerPassword;
            environment["Appointments__Relay__Tls__ClientCertificatePassword"] = ClientPassword;
            environment[$"Connectors__{Connector}__Tls__ClientCertificatePassword"] = ClientPassword;

            var settings = new Dictionary<string, string> { [$"Connectors:{Connector}:BaseUrl"] = publisher.BaseUrl };
            for (var i = 0; i < publisher.PractitionerIds.Count; i++)
            {
                settings[$"Connectors:{Connector}:Practitioners:{i}"] = publisher.PractitionerIds[i];
            }

            // The guide's install step: the schema is created by the migrate command (as the service user would), then
            // the service starts on it.
            var migrated = await ExternalTool.RunAsync("dotnet", [hubAssembly, "migrate", .. arguments], environment);
            Assert.That(migrated, Does.Contain("Store migrations applied"));

            // The SAS's certificate carries the admin calls through the TLS handshake (every route requires one).
            using var hub = await HostProcess.StartAsync(settings, environment, arguments, MutualTlsClient.Handler(certificates.Ca, sas), hubAssembly);

            // The interval schedule syncs once at start-up.
            await hub.WaitUntilAsync(async () => (await hub.ConnectorAsync(Connector)).GetProperty("lastSuccessAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(60));
            Assert.That(File.Exists(Path.Combine(state, "sas-interop.db")), Is.True, "the SQLite file is in the state folder");
            Assert.That(publisher.Searches.Select(search => search.ClientCertificateSubject), Is.All.Contains("CN=hub.sas-interop.example.fr"), "the connector presented the hub's client certificate");

            var now = DateTimeOffset.UtcNow;
            var search = $"fhir/Slot?start=ge{now:yyyy-MM-ddTHH:mm:ssZ}&start=le{now.AddDays(3):yyyy-MM-ddTHH:mm:ssZ}&status=free&schedule.actor:Practitioner.identifier={string.Join(',', publisher.PractitionerIds)}";
            using var answer = await hub.Http.GetAsync(search);
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
            using (var bundle = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()))
            {
                Assert.That(bundle.RootElement.GetProperty("total").GetInt32(), Is.Positive, "the SAS is served the synced slots");
            }

            await AssertStatusAsync(certificates.Ca, agendis, hub.BaseUrl + search, HttpStatusCode.Forbidden, "a publisher's certificate may not read");
            Assert.That(
                async () => await SendAsync(certificates.Ca, clientCertificate: null, hub.BaseUrl + "fhir/metadata", apiKey: null),
                Throws.InstanceOf<HttpRequestException>(),
                "without a client certificate the TLS handshake is refused");
            await AssertStatusAsync(certificates.Ca, sas, hub.BaseUrl + "admin/connectors", HttpStatusCode.Unauthorized, "the admin key comes from the environment file only", apiKey: RunningHub.AdminKey);
            await AssertStatusAsync(certificates.Ca, sas, hub.BaseUrl + "admin/connectors", HttpStatusCode.OK, "the environment file's admin key opens /admin", apiKey: AdminKey);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task AssertStatusAsync(X509Certificate2 ca, X509Certificate2 clientCertificate, string url, HttpStatusCode expected, string because, string? apiKey = null)
    {
        using var response = await SendAsync(ca, clientCertificate, url, apiKey);
        Assert.That(response.StatusCode, Is.EqualTo(expected), because);
    }

    private static async Task<HttpResponseMessage> SendAsync(X509Certificate2 ca, X509Certificate2? clientCertificate, string url, string? apiKey)
    {
        using var client = new HttpClient(MutualTlsClient.Handler(ca, clientCertificate), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await client.SendAsync(request);
    }
}
