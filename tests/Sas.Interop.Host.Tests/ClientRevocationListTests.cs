using Microsoft.Extensions.Logging.Abstractions;
using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Tests;

/// <summary>The CRL file's life after start-up: what replaces the CRL in force and what does not.</summary>
public sealed class ClientRevocationListTests
{
    [Test]
    public void A_forged_or_older_replacement_is_refused_and_the_CRL_in_force_stays()
    {
        using var certificates = TestCertificates.Create();
        using var revoked = TestCertificates.CreateClient(certificates.Ca, "a", "b");
        using var impostor = TestCertificates.CreateCa(certificates.Ca.Subject);
        var crlPath = Path.Combine(certificates.Folder, "ca.crl");
        File.WriteAllBytes(crlPath, TestCertificates.CreateCrl(certificates.Ca, [revoked]));
        var crl = ClientRevocationList.Load(crlPath, certificates.Ca, TimeProvider.System, NullLogger.Instance);
        Assert.That(crl.IsRevoked(revoked), Is.True);

        TestCertificates.WriteAtomically(crlPath, TestCertificates.CreateCrl(impostor, []));
        Assert.That(crl.IsRevoked(revoked), Is.True, "a forged CRL does not lift a revocation");
        Assert.That(crl.CurrentStatus().RefusedFile, Does.Contain("not signed by the Tls:ClientCaPath CA's key"));

        TestCertificates.WriteAtomically(crlPath, TestCertificates.CreateCrl(certificates.Ca, [], thisUpdate: DateTimeOffset.UtcNow.AddDays(-2)));
        Assert.That(crl.IsRevoked(revoked), Is.True, "an older CRL does not lift a revocation");
        Assert.That(crl.CurrentStatus().RefusedFile, Does.Contain("older"));

        File.WriteAllText(crlPath, "not a CRL");
        Assert.That(crl.IsRevoked(revoked), Is.True);
        Assert.That(crl.CurrentStatus().RefusedFile, Does.Contain("not an X.509 CRL"));
    }

    [Test]
    public void A_CRL_file_that_is_not_a_CRL_or_not_from_the_CA_is_a_configuration_error()
    {
        using var certificates = TestCertificates.Create();
        using var otherCa = TestCertificates.CreateCa("CN=Some Other CA");
        var crlPath = Path.Combine(certificates.Folder, "ca.crl");

        File.WriteAllBytes(crlPath, certificates.Ca.RawData);
        Assert.That(() => ClientRevocationList.Load(crlPath, certificates.Ca, TimeProvider.System, NullLogger.Instance), Throws.InstanceOf<ClientConfigurationException>().With.Message.Contains("Tls:ClientCrlPath").And.Message.Contains("not an X.509 CRL"));

        File.WriteAllBytes(crlPath, TestCertificates.CreateCrl(otherCa, []));
        Assert.That(() => ClientRevocationList.Load(crlPath, certificates.Ca, TimeProvider.System, NullLogger.Instance), Throws.InstanceOf<ClientConfigurationException>().With.Message.Contains("is issued by 'CN=Some Other CA'"));

        Assert.That(() => ClientRevocationList.Load(Path.Combine(certificates.Folder, "missing.crl"), certificates.Ca, TimeProvider.System, NullLogger.Instance), Throws.InstanceOf<ClientConfigurationException>().With.Message.Contains("cannot be read"));
    }
}
