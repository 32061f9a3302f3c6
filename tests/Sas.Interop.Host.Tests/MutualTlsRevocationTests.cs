using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Host.Push;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Client certificates against the CA's CRL (<c>Tls:ClientCrlPath</c>) on a real Kestrel: real certificates and CRLs
/// made and signed in the test by a throw-away CA.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class MutualTlsRevocationTests
{
    private const string PublisherCn = "editeur-tls.example.fr";
    private const string PublisherOu = "SAS-EDITEUR";

    // The pushed IG example's day. Certificates and CRLs are judged by the system clock, as X509Chain does.
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task A_certificate_listed_in_the_CA_CRL_is_refused_and_an_unlisted_one_pushes()
    {
        using var certificates = TestCertificates.Create();
        using var good = TestCertificates.CreateClient(certificates.Ca, PublisherCn, PublisherOu);
        using var revoked = TestCertificates.CreateClient(certificates.Ca, PublisherCn, PublisherOu);
        var crlPath = Path.Combine(certificates.Folder, "ca.crl.pem");
        File.WriteAllText(crlPath, PemEncoding.WriteString("X509 CRL", TestCertificates.CreateCrl(certificates.Ca, [revoked])));
        await using var hub = await StartAsync(certificates, crlPath);

        await AssertPushesAsync(hub, certificates.Ca, good);
        await AssertRefusedAsync(hub, certificates.Ca, revoked);
        Assert.That(await CrlHealthAsync(hub), Has.Property(nameof(HealthReportEntry.Status)).EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task A_certificate_revoked_after_start_up_is_refused_once_the_CA_publishes_a_new_CRL_file()
    {
        using var certificates = TestCertificates.Create();
        using var publisher = TestCertificates.CreateClient(certificates.Ca, PublisherCn, PublisherOu);
        var crlPath = Path.Combine(certificates.Folder, "ca.crl");
        File.WriteAllBytes(crlPath, TestCertificates.CreateCrl(certificates.Ca, [], thisUpdate: DateTimeOffset.UtcNow.AddMinutes(-10)));
        await using var hub = await StartAsync(certificates, crlPath);
        await AssertPushesAsync(hub, certificates.Ca, publisher);

        TestCertificates.WriteAtomically(crlPath, TestCertificates.CreateCrl(certificates.Ca, [publisher]));

        // The file is looked at on every handshake; bounded retries only guard against a file system's coarse clock.
        var refused = false;
        for (var attempt = 0; attempt < 20 && !refused; attempt++)
        {
            using var client = MutualTlsClient.Create(hub, certificates.Ca, publisher);
            try
            {
                using var response = await client.GetAsync("health/ready");
            }
            catch (HttpRequestException)
            {
                refused = true;
            }
        }

        Assert.That(refused, Is.True, "the certificate listed in the replaced CRL is refused without a restart");
        var health = await CrlHealthAsync(hub);
        Assert.That(health.Description, Does.Contain("1 revoked"));
    }

    [Test]
    public async Task An_expired_client_certificate_is_refused()
    {
        using var certificates = TestCertificates.Create();
        using var good = TestCertificates.CreateClient(certificates.Ca, PublisherCn, PublisherOu);
        using var expired = TestCertificates.CreateClient(certificates.Ca, PublisherCn, PublisherOu, DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(-1));
        var crlPath = Path.Combine(certificates.Folder, "ca.crl");
        File.WriteAllBytes(crlPath, TestCertificates.CreateCrl(certificates.Ca, []));
        await using var hub = await StartAsync(certificates, crlPath);

        await AssertPushesAsync(hub, certificates.Ca, good);
        await AssertRefusedAsync(hub, certificates.Ca, expired);
    }

    [Test]
    public async Task A_CRL_past_its_next_update_still_refuses_what_it_lists_and_readiness_is_degraded()
    {
        using var certificates = TestCertificates.Create();
        using var good = TestCertificates.CreateClient(certificates.Ca, PublisherCn, PublisherOu);
        using var revoked = TestCertificates.CreateClient(certificates.Ca, PublisherCn, PublisherOu);
        var crlPath = Path.Combine(certificates.Folder, "ca.crl");
        File.WriteAllBytes(crlPath, TestCertificates.CreateCrl(certificates.Ca, [revoked], DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(-2)));
        await using var hub = await StartAsync(certificates, crlPath);

        // Fail open for unlisted certificates, closed for listed ones (ClientRevocationList says why).
        await AssertPushesAsync(hub, certificates.Ca, good);
        await AssertRefusedAsync(hub, certificates.Ca, revoked);
        var health = await CrlHealthAsync(hub);
        Assert.That(health.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(health.Description, Does.Contain("past its nextUpdate"));
        using var client = MutualTlsClient.Create(hub, certificates.Ca, good);
        Assert.That(await client.GetStringAsync("health/ready"), Is.EqualTo("Degraded"));
    }

    [Test]
    public void A_CRL_signed_by_another_key_stops_the_start_up_naming_the_setting()
    {
        using var certificates = TestCertificates.Create();

        // Same name as the real CA, so only the signature tells the forgery apart.
        using var impostor = TestCertificates.CreateCa(certificates.Ca.Subject);
        var crlPath = Path.Combine(certificates.Folder, "forged.crl");
        File.WriteAllBytes(crlPath, TestCertificates.CreateCrl(impostor, []));

        var error = Assert.ThrowsAsync<ClientConfigurationException>(async () => await (await StartAsync(certificates, crlPath)).DisposeAsync());
        Assert.That(error!.Message, Does.Contain("Tls:ClientCrlPath").And.Contain("not signed by the Tls:ClientCaPath CA's key"));
    }

    private static Task<RunningHub> StartAsync(TestCertificates certificates, string crlPath) => RunningHub.StartAsync(new Dictionary<string, string>
    {
        ["urls"] = "https://127.0.0.1:0",
        ["Tls:CertificatePath"] = certificates.ServerPfxPath,
        ["Tls:CertificatePassword"] = TestCertificates.ServerPassword,
        ["Tls:ClientCaPath"] = certificates.CaPath,
        ["Tls:ClientCrlPath"] = crlPath,
        ["Tls:RequireClientCertificate"] = "true",
        ["Publishers:tls-pub:CertificateSubjects:0:CN"] = PublisherCn,
        ["Publishers:tls-pub:CertificateSubjects:0:OU"] = PublisherOu,
    },
    services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));

    private static async Task AssertPushesAsync(RunningHub hub, X509Certificate2 ca, X509Certificate2 certificate)
    {
        using var client = MutualTlsClient.Create(hub, ca, certificate);
        var response = await FhirAssert.ReadAsync<Bundle>(await client.PostAsync("fhir", PushClient.Json(PushClient.PsExampleTransaction())), HttpStatusCode.OK);
        Assert.That(response.Entry, Is.Not.Empty);
    }

    private static async Task AssertRefusedAsync(RunningHub hub, X509Certificate2 ca, X509Certificate2 certificate)
    {
        using var client = MutualTlsClient.Create(hub, ca, certificate);
        Assert.That(async () => await client.PostAsync("fhir", PushClient.Json(PushClient.PsExampleTransaction())), Throws.InstanceOf<HttpRequestException>(), $"{certificate.Subject} (serial {certificate.SerialNumber}) is refused");
    }

    private static async Task<HealthReportEntry> CrlHealthAsync(RunningHub hub) =>
        (await hub.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["client-crl"];
}
