using Sas.Interop.Host.Tests;

namespace Sas.Interop.Appointments.Tests;

/// <summary>A wrong appointment setting stops the hub at start-up with a message naming the key.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class ConfigurationTests
{
    [TestCase("Appointments:Relay:Endpoint", "not a url", "Appointments:Relay:Endpoint: 'not a url' is not an absolute http(s) URL")]
    [TestCase("Appointments:Relay:Endpoint", "ftp://sas.example/fhir", "Appointments:Relay:Endpoint: 'ftp://sas.example/fhir' is not an absolute http(s) URL")]
    [TestCase("Appointments:Relay:BaseDelay", "-00:00:01", "Appointments:Relay:BaseDelay: must be positive")]
    [TestCase("Publishers:alpha:Connectors:0", "nowhere", "Publishers:alpha:Connectors[0]: no connector instance 'nowhere' is configured")]
    public void A_bad_setting_is_refused_at_start_up(string key, string value, string message)
    {
        var settings = Publishers.Settings("http://127.0.0.1:9/fhir");
        settings[key] = value;

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(error!.Message, Does.Contain(message));
    }

    [TestCase("missing-file", "Appointments:Relay:Tls:ClientCertificatePath: file")]
    [TestCase("wrong-password", "Appointments:Relay:Tls:ClientCertificatePassword:")]
    [TestCase("pem-without-key", "Appointments:Relay:Tls:ClientKeyPemPath is missing")]
    [TestCase("pem-with-another-key", "Appointments:Relay:Tls:ClientKeyPemPath:")]
    [TestCase("pkcs12-and-pem", "Appointments:Relay:Tls: ClientCertificatePath (PKCS#12) and ClientCertificatePemPath/ClientKeyPemPath (PEM) are both set")]
    [TestCase("ca-unreadable", "Appointments:Relay:Tls:ServerCaPath:")]
    [TestCase("ca-missing", "Appointments:Relay:Tls:ServerCaPath: file")]
    public void A_bad_relay_TLS_setting_is_refused_at_start_up(string mistake, string message)
    {
        using var certificates = TestCertificates.Create();
        using var client = TestCertificates.CreateClient(certificates.Ca, "hub", "SAS");
        using var other = TestCertificates.CreateClient(certificates.Ca, "other", "SAS");
        var settings = Publishers.Settings("https://127.0.0.1:9/fhir");
        const string Tls = "Appointments:Relay:Tls:";
        var pkcs12 = certificates.WritePkcs12(client, "client", "right");
        var (pem, key) = certificates.WritePem(client, "client");
        var (_, otherKey) = certificates.WritePem(other, "other");
        switch (mistake)
        {
            case "missing-file":
                settings[Tls + "ClientCertificatePath"] = Path.Combine(certificates.Folder, "nowhere.p12");
                break;
            case "wrong-password":
                settings[Tls + "ClientCertificatePath"] = pkcs12;
                settings[Tls + "ClientCertificatePassword"] = "wrong";
                break;
            case "pem-without-key":
                settings[Tls + "ClientCertificatePemPath"] = pem;
                break;
            case "pem-with-another-key":
                settings[Tls + "ClientCertificatePemPath"] = pem;
                settings[Tls + "ClientKeyPemPath"] = otherKey;
                break;
            case "pkcs12-and-pem":
                settings[Tls + "ClientCertificatePath"] = pkcs12;
                settings[Tls + "ClientCertificatePassword"] = "right";
                settings[Tls + "ClientCertificatePemPath"] = pem;
                settings[Tls + "ClientKeyPemPath"] = key;
                break;
            case "ca-unreadable":
                var garbage = Path.Combine(certificates.Folder, "garbage.pem");
                File.WriteAllText(garbage, "not a certificate");
                settings[Tls + "ServerCaPath"] = garbage;
                break;
            case "ca-missing":
                settings[Tls + "ServerCaPath"] = Path.Combine(certificates.Folder, "nowhere.pem");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(error!.Message, Does.Contain(message));
    }
}
