using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Sas.Interop.Host.Push;

/// <summary>
/// Kestrel HTTPS with client certificates checked against one configured CA, as the IG protects SAS flows with
/// IGC-Santé certificates. The publisher identity is then read from the accepted certificate.
/// </summary>
internal static class MutualTls
{
    public static TlsOptions ConfigureMutualTls(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions();
        if (!options.Enabled)
        {
            return options;
        }

        var serverCertificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword);
        X509Certificate2? clientCa = string.IsNullOrWhiteSpace(options.ClientCaPath) ? null : X509CertificateLoader.LoadCertificateFromFile(options.ClientCaPath);
        if (options.RequireClientCertificate && clientCa is null)
        {
            throw new InvalidOperationException("Tls:RequireClientCertificate is true but Tls:ClientCaPath is empty: no client certificate could ever be accepted.");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = clientCa is null
                ? ClientCertificateMode.NoCertificate
                : options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
            if (clientCa is not null)
            {
                https.ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, clientCa);
            }
        }));
        return options;
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to <paramref name="ca"/> alone (not the machine's roots).
    /// Revocation is not checked: the hub has no CRL/OCSP access configured yet, and an unreachable CRL would refuse
    /// every publisher; revoking a publisher today means removing it from <c>Publishers</c>.
    /// </summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }
}
