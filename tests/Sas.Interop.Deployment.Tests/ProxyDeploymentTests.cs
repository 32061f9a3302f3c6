using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using NUnit.Framework.Interfaces;
using Sas.Interop.Faults.Tests;
using Sas.Interop.Host.Tests;
using Sas.Interop.Testing;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// The reference deployment, as shipped: nginx with <c>samples/deploy/nginx/sas-interop.conf</c> terminating mutual
/// TLS in front of two hub processes started with <c>samples/config/two-nodes-postgres.json</c> on one PostgreSQL
/// database, with a CA, server and client certificates made for the run. Ignored, with the reason, without nginx or
/// PostgreSQL (<c>.ci/run</c> provides both).
/// </summary>
[Category("Deployment")]
[NonParallelizable]
public sealed partial class ProxyDeploymentTests
{
    private const string SampleConfiguration = "samples/config/two-nodes-postgres.json";
    private const string CertificateHeader = "X-SSL-Client-Cert";

    private readonly List<IDisposable> _running = [];
    private readonly List<IAsyncDisposable> _resources = [];
    private NginxProxy? _nginx;
    private HostProcess? _nodeA;
    private HostProcess? _nodeB;

    [Test]
    public async Task Publishers_and_the_SAS_keep_their_identities_through_nginx_forged_headers_are_ignored_and_a_node_can_die()
    {
        var stopwatch = Stopwatch.StartNew();
        var nginx = ExternalTool.Nginx();
        var database = await TestDatabase.CreatePostgresAsync();
        _resources.Add(database);
        var certificates = TestCertificates.Create();
        _running.Add(certificates);

        // The identities the shipped configuration names, on certificates from the run's CA.
        var sample = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf(SampleConfiguration)).Build();
        var publisher = ClientCertificate(certificates, sample.GetSection("Publishers").GetChildren().Single());
        var sas = ClientCertificate(certificates, sample.GetSection("Consumers").GetChildren().Single());

        // Two nodes as the sample's README starts them: the file, secrets and node id from the environment.
        var settings = new Dictionary<string, string>
        {
            ["Proxy:KnownProxies:0"] = "127.0.0.1",
            ["Tls:ClientCaPath"] = certificates.CaPath,
            ["Sync:Cluster:CheckinInterval"] = "00:00:02",
        };
        // One after the other: two nodes migrating a fresh PostgreSQL database at once collide (42701, column exists).
        foreach (var node in new[] { "node-a", "node-b" })
        {
            var environment = new Dictionary<string, string> { ["Store__ConnectionString"] = database.ConnectionString, ["Sync__Cluster__NodeId"] = node };
            var process = await HostProcess.StartAsync(settings, environment, ["--config", RepositoryFiles.PathOf(SampleConfiguration)]);
            _running.Add(process);
            (_nodeA, _nodeB) = _nodeA is null ? (process, null) : (_nodeA, process);
        }

        TestContext.Progress.WriteLine($"Two nodes ready after {stopwatch.Elapsed.TotalSeconds:F1} s");

        _nginx = await NginxProxy.StartAsync(nginx, NginxPlaceholders(certificates, _nodeA!, _nodeB!));
        TestContext.Progress.WriteLine($"nginx ready on {_nginx.BaseUrl} after {stopwatch.Elapsed.TotalSeconds:F1} s");
        var searchesBefore = await SearchCountAsync();

        using var asPublisher = ThroughNginx(certificates, publisher);
        using var asSas = ThroughNginx(certificates, sas);
        using var anonymous = ThroughNginx(certificates, clientCertificate: null);
        var day = DateTime.UtcNow.Date.AddDays(1);

        // The publisher pushes and the SAS reads, each through nginx; each is refused the other's right: identity, not mere passage.
        var pushed = await ReadAsync<Bundle>(await asPublisher.PostAsync("fhir", Transaction(day)), HttpStatusCode.OK);
        Assert.That(pushed.Entry.Last().Response.Location, Does.StartWith("Slot/push-editeur-exemple."));
        var found = await ReadAsync<Bundle>(await asSas.GetAsync(Search(day)), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(found.Total, Is.EqualTo(1));
            Assert.That(found.SelfLink.ToString(), Does.StartWith(_nginx.BaseUrl + "fhir/Slot"), "links carry nginx's scheme and host (X-Forwarded-Proto, -Host)");
        });
        await ReadAsync<OperationOutcome>(await asPublisher.GetAsync(Search(day)), HttpStatusCode.Forbidden);
        await ReadAsync<OperationOutcome>(await asSas.PostAsync("fhir", Transaction(day)), HttpStatusCode.Forbidden);

        // A client's own certificate header is replaced by nginx's: the SAS stays the SAS (a publisher would get 403).
        using (var smuggled = new HttpRequestMessage(HttpMethod.Get, Search(day)))
        {
            smuggled.Headers.Add(CertificateHeader, Uri.EscapeDataString(publisher.ExportCertificatePem()));
            await ReadAsync<Bundle>(await asSas.SendAsync(smuggled), HttpStatusCode.OK);
        }

        // Straight to a node from another address, a forged SAS certificate header is no identity.
        using (var direct = From("127.0.0.2", _nodeA.BaseUrl))
        using (var forged = new HttpRequestMessage(HttpMethod.Get, Search(day)))
        {
            forged.Headers.Add(CertificateHeader, Uri.EscapeDataString(sas.ExportCertificatePem()));
            forged.Headers.Add("X-Forwarded-For", "127.0.0.1");
            await ReadAsync<OperationOutcome>(await direct.SendAsync(forged), HttpStatusCode.Unauthorized);
        }

        // No client certificate: nginx refuses it (handshake failure or its 400), no hub is asked.
        try
        {
            using var refused = await anonymous.GetAsync(Search(day));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await refused.Content.ReadAsStringAsync());
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("No required SSL certificate was sent"));
        }
        catch (HttpRequestException refusedHandshake)
        {
            TestContext.Progress.WriteLine("Without a certificate: " + refusedHandshake.Message);
        }

        // The operations guide's check: after searches through the proxy, /metrics (admin key) shows them.
        await _nodeA.WaitUntilAsync(async () => await SearchCountAsync() > searchesBefore, TimeSpan.FromSeconds(15));

        // One node killed: nginx passes every request, reads and a push, to the other.
        _nodeA.Kill();
        for (var i = 0; i < 4; i++)
        {
            await ReadAsync<Bundle>(await asSas.GetAsync(Search(day)), HttpStatusCode.OK);
        }

        await ReadAsync<Bundle>(await asPublisher.PostAsync("fhir", Transaction(day)), HttpStatusCode.OK);
        TestContext.Progress.WriteLine($"Proxy deployment checked in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    [TearDown]
    public async Task StopEverything()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            if (_nginx is not null)
            {
                TestContext.Progress.WriteLine(_nginx.Diagnostics());
            }

            foreach (var (name, node) in new[] { ("node-a", _nodeA), ("node-b", _nodeB) })
            {
                if (node is not null)
                {
                    TestContext.Progress.WriteLine($"{name} log (last lines):{Environment.NewLine}{string.Join(Environment.NewLine, node.Output.TakeLast(40))}");
                }
            }
        }

        _nginx?.Dispose();
        foreach (var running in Enumerable.Reverse(_running))
        {
            running.Dispose();
        }

        foreach (var resource in _resources)
        {
            await resource.DisposeAsync();
        }

        (_nginx, _nodeA, _nodeB) = (null, null, null);
        _running.Clear();
        _resources.Clear();
    }

    private static X509Certificate2 ClientCertificate(TestCertificates certificates, IConfigurationSection client)
    {
        var subject = client.GetSection("CertificateSubjects:0");
        return TestCertificates.CreateClient(certificates.Ca, subject["CN"]!, subject["OU"]!);
    }

    /// <summary>The shipped file's placeholders: PEM files beside the run's certificates, the two nodes.</summary>
    private static Dictionary<string, string> NginxPlaceholders(TestCertificates certificates, HostProcess nodeA, HostProcess nodeB)
    {
        using var server = X509CertificateLoader.LoadPkcs12FromFile(certificates.ServerPfxPath, TestCertificates.ServerPassword, X509KeyStorageFlags.Exportable);
        var certificatePem = Path.Combine(certificates.Folder, "server.pem");
        var keyPem = Path.Combine(certificates.Folder, "server.key");
        var caPem = Path.Combine(certificates.Folder, "ca.pem");
        File.WriteAllText(certificatePem, server.ExportCertificatePem());
        File.WriteAllText(keyPem, server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(caPem, certificates.Ca.ExportCertificatePem());
        return new Dictionary<string, string>
        {
            ["SERVER_NAME"] = "127.0.0.1",
            ["SERVER_CERTIFICATE"] = certificatePem,
            ["SERVER_KEY"] = keyPem,
            ["CLIENT_CA"] = caPem,
            ["HUB_NODE_A"] = new Uri(nodeA.BaseUrl).Authority,
            ["HUB_NODE_B"] = new Uri(nodeB.BaseUrl).Authority,
        };
    }

    /// <summary>A client of nginx: trusts the run's CA for nginx's certificate, presents <paramref name="clientCertificate"/>.</summary>
    private HttpClient ThroughNginx(TestCertificates certificates, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                RemoteCertificateValidationCallback = (_, server, _, _) => server is not null && ChainsTo(new X509Certificate2(server), certificates.Ca),
            },
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(_nginx!.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client whose connections leave from <paramref name="localAddress"/>: a machine that is not the proxy.</summary>
    private static HttpClient From(string localAddress, string baseUrl) => SourceAddressClient.Create(localAddress, baseUrl, TimeSpan.FromSeconds(30));

    private static bool ChainsTo(X509Certificate2 server, X509Certificate2 ca)
    {
        using (server)
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(server);
        }
    }

    /// <summary>The SAS search histogram's count, summed over the nodes still running (nginx spreads requests).</summary>
    private async Task<double> SearchCountAsync()
    {
        var total = 0.0;
        foreach (var node in new[] { _nodeA!, _nodeB! })
        {
            var metrics = await node.Http.GetStringAsync("metrics");
            total += SearchCount().Matches(metrics).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        }

        return total;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
        where T : Resource
    {
        using (response)
        {
            return await FhirAssert.ReadAsync<T>(response, expected);
        }
    }

    private static string Search(DateTime day) =>
        $"fhir/Slot?start=ge{day:yyyy-MM-dd}T00:00:00Z&start=le{day.AddDays(1):yyyy-MM-dd}T00:00:00Z&status=free&schedule.actor:Practitioner.identifier=810100050075";

    /// <summary>One practitioner, role, schedule and free slot on <paramref name="day"/>: the smallest push the hub serves.</summary>
    private static StringContent Transaction(DateTime day) => new(
        $$"""
        {
          "resourceType": "Bundle", "type": "transaction",
          "entry": [
            { "resource": { "resourceType": "Practitioner", "id": "dr-martin",
                "identifier": [ { "system": "urn:oid:1.2.250.1.71.4.2.1", "value": "810100050075" } ],
                "name": [ { "family": "MARTIN", "given": [ "Claire" ] } ] },
              "request": { "method": "PUT", "url": "Practitioner/dr-martin" } },
            { "resource": { "resourceType": "PractitionerRole", "id": "dr-martin-agen",
                "contained": [ { "resourceType": "Location", "id": "loc", "address": { "line": [ "12 rue des Lilas" ], "city": "Agen", "postalCode": "47000" } } ],
                "practitioner": { "reference": "Practitioner/dr-martin" }, "location": [ { "reference": "#loc" } ] },
              "request": { "method": "PUT", "url": "PractitionerRole/dr-martin-agen" } },
            { "resource": { "resourceType": "Schedule", "id": "agenda-martin",
                "actor": [ { "reference": "Practitioner/dr-martin" }, { "reference": "PractitionerRole/dr-martin-agen" } ] },
              "request": { "method": "PUT", "url": "Schedule/agenda-martin" } },
            { "resource": { "resourceType": "Slot",
                "meta": { "security": [ { "system": "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau", "code": "PUBLIC" } ] },
                "serviceType": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB" } ] } ],
                "schedule": { "reference": "Schedule/agenda-martin" },
                "status": "free", "start": "{{day:yyyy-MM-dd}}T09:00:00Z", "end": "{{day:yyyy-MM-dd}}T09:20:00Z" },
              "request": { "method": "PUT", "url": "Slot?identifier=urn:editeur-exemple:slot|slot-0001" } }
          ]
        }
        """,
        Encoding.UTF8,
        "application/fhir+json");

    [GeneratedRegex(@"^sas_interop_fhir_search_duration(?:_seconds)?_count(?:\{[^}]*\})? (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex SearchCount();
}
