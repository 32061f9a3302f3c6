using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Host.Push;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>Kestrel mutual TLS with a throw-away CA: an accepted certificate identifies a publisher (writes) or the SAS (reads); others are refused.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class MutualTlsPushTests
{
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task An_accepted_certificate_writes_and_unknown_or_missing_certificates_are_refused()
    {
        using var certificates = TestCertificates.Create();
        using var accepted = TestCertificates.CreateClient(certificates.Ca, "editeur-tls.example.fr", "SAS-EDITEUR");
        using var sas = TestCertificates.CreateClient(certificates.Ca, "plateforme.sas.example.fr", "SAS");
        using var otherCa = TestCertificates.CreateCa("CN=Some Other CA");
        using var unknown = TestCertificates.CreateClient(otherCa, "editeur-tls.example.fr", "SAS-EDITEUR");
        await using var hub = await RunningHub.StartAsync(
            new Dictionary<string, string>
            {
                ["urls"] = "https://127.0.0.1:0",
                ["Tls:CertificatePath"] = certificates.ServerPfxPath,
                ["Tls:CertificatePassword"] = TestCertificates.ServerPassword,
                ["Tls:ClientCaPath"] = certificates.CaPath,
                ["Tls:RequireClientCertificate"] = "true",
                ["Publishers:tls-pub:CertificateSubjects:0:CN"] = "editeur-tls.example.fr",
                ["Publishers:tls-pub:CertificateSubjects:0:OU"] = "SAS-EDITEUR",
                ["Consumers:sas:CertificateThumbprints:0"] = sas.Thumbprint,
            },
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));
        Assert.That(hub.BaseUrl, Does.StartWith("https://"));

        using (var client = MutualTlsClient.Create(hub, certificates.Ca, accepted))
        {
            var response = await FhirAssert.ReadAsync<Bundle>(await client.PostAsync("fhir", PushClient.Json(PushClient.PsExampleTransaction())), HttpStatusCode.OK);
            Assert.That(response.Entry.First().Response.Location, Does.StartWith("Slot/push-tls-pub."));
            await FhirAssert.ReadOutcomeAsync(await client.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.Forbidden);
        }

        using (var client = MutualTlsClient.Create(hub, certificates.Ca, sas))
        {
            var answer = await FhirAssert.ReadAsync<Bundle>(await client.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
            Assert.That(answer.Total, Is.EqualTo(4));
            await FhirAssert.ReadOutcomeAsync(await client.PostAsync("fhir", PushClient.Json(PushClient.PsExampleTransaction())), HttpStatusCode.Forbidden);
        }

        using (var client = MutualTlsClient.Create(hub, certificates.Ca, unknown))
        {
            Assert.That(async () => await client.PostAsync("fhir", PushClient.Json(PushClient.PsExampleTransaction())), Throws.InstanceOf<HttpRequestException>());
        }

        using (var client = MutualTlsClient.Create(hub, certificates.Ca, clientCertificate: null))
        {
            Assert.That(async () => await client.GetAsync(PushClient.PsExampleSearch()), Throws.InstanceOf<HttpRequestException>());
        }
    }

    [Test]
    public void Only_certificates_issued_by_the_configured_CA_chain()
    {
        using var ca = TestCertificates.CreateCa("CN=Chain CA");
        using var other = TestCertificates.CreateCa("CN=Other CA");
        using var good = TestCertificates.CreateClient(ca, "a", "b");
        using var bad = TestCertificates.CreateClient(other, "a", "b");
        Assert.That(MutualTls.ChainsTo(good, ca), Is.True);
        Assert.That(MutualTls.ChainsTo(bad, ca), Is.False);
    }

    [Test]
    public void A_certificate_is_matched_by_thumbprint_or_by_subject_CN_and_OU()
    {
        using var ca = TestCertificates.CreateCa("CN=Match CA");
        using var byThumbprint = TestCertificates.CreateClient(ca, "thumb", "X");
        using var wrongUnit = TestCertificates.CreateClient(ca, "subject", "OTHER");
        using var bySubject = TestCertificates.CreateClient(ca, "subject", "SAS");
        var registry = new PublisherRegistry(
        [
            new PushPublisher("a", [], [byThumbprint.Thumbprint], []),
            new PushPublisher("b", [], [], [new CertificateSubject("subject", "SAS")]),
        ]);

        Assert.That(registry.FindByCertificate(byThumbprint)?.Id, Is.EqualTo("a"));
        Assert.That(registry.FindByCertificate(bySubject)?.Id, Is.EqualTo("b"));
        Assert.That(registry.FindByCertificate(wrongUnit), Is.Null);
    }
}
