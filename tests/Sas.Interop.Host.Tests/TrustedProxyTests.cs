using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Host.Push;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The hub behind a TLS-terminating proxy (<c>Proxy:*</c>): the client certificate the proxy forwards in a header, and
/// its X-Forwarded-*, are believed from the configured proxy address only. The "proxy" is this test connecting from
/// 127.0.0.2 (every 127/8 address is local on Linux); the same headers from 127.0.0.1 are anyone's.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class TrustedProxyTests
{
    private const string ProxyAddress = "127.0.0.2";
    private const string Header = "X-SSL-Client-Cert";
    private const string SasCn = "plateforme.sas.example.fr";
    private const string PublisherCn = "editeur.example.fr";
    private const string ConsumerKey = "sas-consumer-key-4b1d";

    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task A_certificate_forwarded_by_the_configured_proxy_is_the_client_identity_and_the_same_headers_from_elsewhere_are_ignored()
    {
        using var certificates = TestCertificates.Create();
        using var sas = TestCertificates.CreateClient(certificates.Ca, SasCn, "SAS");
        using var publisher = TestCertificates.CreateClient(certificates.Ca, PublisherCn, "SAS-EDITEUR");
        await using var hub = await StartAsync(certificates);
        using var proxy = ClientFrom(hub, ProxyAddress);
        using var direct = ClientFrom(hub, "127.0.0.1");

        // Through the proxy: the publisher pushes, the SAS reads, and each is refused the other's right (403, not 401).
        await FhirAssert.ReadAsync<Bundle>(await proxy.SendAsync(Forwarded(HttpMethod.Post, "fhir", publisher, PushClient.Json(PushClient.PsExampleTransaction()))), HttpStatusCode.OK);
        var read = await FhirAssert.ReadAsync<Bundle>(await proxy.SendAsync(Forwarded(HttpMethod.Get, PushClient.PsExampleSearch(), sas, forwardedHost: "hub.example.fr")), HttpStatusCode.OK);
        Assert.That(read.Total, Is.EqualTo(4));
        Assert.That(read.SelfLink.ToString(), Does.StartWith("https://hub.example.fr/fhir/Slot"), "X-Forwarded-Proto and -Host from the proxy make the links");
        await FhirAssert.ReadOutcomeAsync(await proxy.SendAsync(Forwarded(HttpMethod.Get, PushClient.PsExampleSearch(), publisher)), HttpStatusCode.Forbidden);

        // Straight to the hub: the forged SAS certificate is no identity at all.
        await FhirAssert.ReadOutcomeAsync(await direct.SendAsync(Forwarded(HttpMethod.Get, PushClient.PsExampleSearch(), sas)), HttpStatusCode.Unauthorized);

        // Were the forged publisher certificate believed it would decide alone (403); ignored, the SAS's key reads, and
        // the forged X-Forwarded-Host does not reach the links.
        var request = Forwarded(HttpMethod.Get, PushClient.PsExampleSearch(), publisher, forwardedHost: "evil.example");
        request.Headers.Add("X-Api-Key", ConsumerKey);
        var answer = await FhirAssert.ReadAsync<Bundle>(await direct.SendAsync(request), HttpStatusCode.OK);
        Assert.That(answer.SelfLink.ToString(), Does.StartWith(hub.BaseUrl + "fhir/Slot"));
    }

    [Test]
    public async Task A_forwarded_certificate_the_client_CA_or_its_CRL_refuses_is_taken_as_no_certificate()
    {
        using var certificates = TestCertificates.Create();
        using var good = TestCertificates.CreateClient(certificates.Ca, SasCn, "SAS");
        using var revoked = TestCertificates.CreateClient(certificates.Ca, SasCn, "SAS");
        using var otherCa = TestCertificates.CreateCa("CN=Some Other CA");
        using var foreign = TestCertificates.CreateClient(otherCa, SasCn, "SAS");
        var crlPath = Path.Combine(certificates.Folder, "ca.crl.pem");
        File.WriteAllText(crlPath, PemEncoding.WriteString("X509 CRL", TestCertificates.CreateCrl(certificates.Ca, [revoked])));

        // The hub itself serves plain HTTP (the proxy terminates TLS): the CA and CRL are still applied to what is forwarded.
        await using var hub = await StartAsync(certificates, new() { ["Tls:ClientCrlPath"] = crlPath });
        using var proxy = ClientFrom(hub, ProxyAddress);

        await FhirAssert.ReadAsync<Bundle>(await proxy.SendAsync(Forwarded(HttpMethod.Get, PushClient.PsExampleSearch(), good)), HttpStatusCode.OK);
        await FhirAssert.ReadOutcomeAsync(await proxy.SendAsync(Forwarded(HttpMethod.Get, PushClient.PsExampleSearch(), foreign)), HttpStatusCode.Unauthorized);
        await FhirAssert.ReadOutcomeAsync(await proxy.SendAsync(Forwarded(HttpMethod.Get, PushClient.PsExampleSearch(), revoked)), HttpStatusCode.Unauthorized);
        var garbage = new HttpRequestMessage(HttpMethod.Get, PushClient.PsExampleSearch());
        garbage.Headers.Add(Header, "not%20a%20certificate");
        await FhirAssert.ReadOutcomeAsync(await proxy.SendAsync(garbage), HttpStatusCode.Unauthorized);
    }

    [TestCase("Proxy:KnownProxies:0", "10.0.0.300", "Proxy:KnownProxies:0 '10.0.0.300' is not an IP address")]
    [TestCase("Proxy:KnownProxies:0", "10.1", "Proxy:KnownProxies:0 '10.1' is not an IP address")]
    [TestCase("Proxy:KnownProxies:0", "10.0.0.0/24", "Proxy:KnownProxies:0 '10.0.0.0/24' is a network")]
    [TestCase("Proxy:KnownNetworks:0", "10.0.0.1/24", "Proxy:KnownNetworks:0 '10.0.0.1/24' is not a CIDR network")]
    [TestCase("Proxy:KnownNetworks:0", "10.0.0.0", "Proxy:KnownNetworks:0 '10.0.0.0' is not a CIDR network")]
    [TestCase("Proxy:KnownProxy:0", "10.0.0.1", "Proxy:KnownProxy is not a setting")]
    [TestCase("Proxy:CertificateHeader", "X SSL Cert", "Proxy:CertificateHeader 'X SSL Cert' is not an HTTP header name")]
    public void A_bad_proxy_setting_stops_the_start_up_with_a_message_naming_it(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string> { [key] = value };
        if (!key.StartsWith("Proxy:KnownProxies", StringComparison.Ordinal))
        {
            settings["Proxy:KnownProxies:0"] = "10.0.0.2";
        }

        var refused = Assert.ThrowsAsync<ClientConfigurationException>(async () => await RunningHub.StartAsync(settings));
        Assert.That(refused!.Message, Does.Contain(expected));
    }

    private static Task<RunningHub> StartAsync(TestCertificates certificates, Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Proxy:KnownProxies:0"] = ProxyAddress,
            ["Tls:ClientCaPath"] = certificates.CaPath,
            ["Publishers:pub:CertificateSubjects:0:CN"] = PublisherCn,
            ["Consumers:sas:CertificateSubjects:0:CN"] = SasCn,
            ["Consumers:sas:ApiKeys:0"] = ConsumerKey,
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return RunningHub.StartAsync(settings, services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));
    }

    /// <summary>A request as nginx forwards it: the verified certificate as URL-encoded PEM (<c>$ssl_client_escaped_cert</c>).</summary>
    private static HttpRequestMessage Forwarded(HttpMethod method, string path, X509Certificate2 certificate, HttpContent? content = null, string? forwardedHost = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(Header, Uri.EscapeDataString(certificate.ExportCertificatePem()));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (forwardedHost is not null)
        {
            request.Headers.Add("X-Forwarded-Host", forwardedHost);
        }

        return request;
    }

    /// <summary>A client whose connections leave from <paramref name="localAddress"/>.</summary>
    private static HttpClient ClientFrom(RunningHub hub, string localAddress) => SourceAddressClient.Create(localAddress, hub.BaseUrl, TimeSpan.FromSeconds(60));
}
