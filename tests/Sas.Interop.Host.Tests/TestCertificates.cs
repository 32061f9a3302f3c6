using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sas.Interop.Host.Tests;

/// <summary>A throw-away CA, a server certificate for 127.0.0.1 and client certificates, made in the test run.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string folder, X509Certificate2 ca)
    {
        Folder = folder;
        Ca = ca;
    }

    public string Folder { get; }

    public X509Certificate2 Ca { get; }

    public string CaPath => Path.Combine(Folder, "ca.cer");

    public string ServerPfxPath => Path.Combine(Folder, "server.pfx");

    public const string ServerPassword = "test-server-pfx";

    /// <summary>The 127.0.0.1 server certificate with its key, for test servers other than the hub.</summary>
    public X509Certificate2 LoadServer() => X509CertificateLoader.LoadPkcs12FromFile(ServerPfxPath, ServerPassword, X509KeyStorageFlags.Exportable);

    /// <summary>Writes <paramref name="certificate"/> and its key as PKCS#12 in the folder; returns the path.</summary>
    public string WritePkcs12(X509Certificate2 certificate, string name, string password)
    {
        var path = Path.Combine(Folder, name + ".p12");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>Writes <paramref name="certificate"/> and its (unencrypted PKCS#8) key as two PEM files in the folder.</summary>
    public (string CertificatePath, string KeyPath) WritePem(X509Certificate2 certificate, string name)
    {
        var certificatePath = Path.Combine(Folder, name + ".crt.pem");
        var keyPath = Path.Combine(Folder, name + ".key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>Writes the certificates (no keys) one after the other in one PEM file, as a CA bundle.</summary>
    public string WritePemBundle(string name, params X509Certificate2[] certificates)
    {
        var path = Path.Combine(Folder, name + ".pem");
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    public static TestCertificates Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ca = CreateCa("CN=Sas.Interop Test CA");
        var certificates = new TestCertificates(folder, ca);
        File.WriteAllBytes(certificates.CaPath, ca.Export(X509ContentType.Cert));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = Sign(request, ca).CopyWithPrivateKey(serverKey);
        File.WriteAllBytes(certificates.ServerPfxPath, server.Export(X509ContentType.Pkcs12, ServerPassword));
        return certificates;
    }

    public static X509Certificate2 CreateCa(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));

        // CertificateRevocationListBuilder names the signing key in the CRL from it.
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Reload(ca);
    }

    /// <summary>A client certificate (CN, OU) issued by <paramref name="issuer"/>, with its private key, valid from an hour ago for a week unless told.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 issuer, string commonName, string organizationalUnit, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, OU={organizationalUnit}, O=Editeur Test, C=FR", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = Sign(request, issuer, notBefore, notAfter);
        using var withKey = signed.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    public void Dispose()
    {
        Ca.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort on a temp folder.
        }
    }

    /// <summary>A DER CRL signed by <paramref name="issuer"/>'s key listing <paramref name="revoked"/>; current for a day unless told.</summary>
    public static byte[] CreateCrl(X509Certificate2 issuer, IEnumerable<X509Certificate2> revoked, DateTimeOffset? thisUpdate = null, DateTimeOffset? nextUpdate = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, DateTimeOffset.UtcNow.AddMinutes(-5), X509RevocationReason.KeyCompromise);
        }

        var issued = thisUpdate ?? DateTimeOffset.UtcNow;
        return builder.Build(issuer, new BigInteger(issued.ToUnixTimeMilliseconds()), nextUpdate ?? issued.AddDays(1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, issued);
    }

    /// <summary>Replaces <paramref name="path"/> at once, as an operator's <c>mv</c> would: a handshake never reads half a file.</summary>
    public static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + ".new";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return request.Create(issuer, notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(7), serial);
    }

    // A PKCS#12 round trip gives a persisted key SslStream can use on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, "x"), "x", X509KeyStorageFlags.Exportable);
}
