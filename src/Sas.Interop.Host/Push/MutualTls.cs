using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sas.Interop.Host.Push;

/// <summary>
/// Kestrel HTTPS with client certificates checked against one configured CA, as the IG protects SAS flows with
/// IGC-Santé certificates, and against that CA's CRL when one is configured. The publisher identity is then read from
/// the accepted certificate.
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

        var revocation = AddClientRevocationList(builder.Services, options, clientCa) ? ClientRevocationCheck.Crl : ClientRevocationCheck.None;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = clientCa is null
                ? ClientCertificateMode.NoCertificate
                : options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
            if (clientCa is not null)
            {
                var crl = revocation == ClientRevocationCheck.Crl ? kestrel.ApplicationServices.GetRequiredService<ClientRevocationList>() : null;
                var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Security");
                https.ClientCertificateValidation = (certificate, _, _) =>
                {
                    var refusal = RefusalReason(certificate, clientCa, crl);
                    if (refusal is not null)
                    {
                        logger.LogWarning("Client certificate '{Subject}' (serial {Serial}) refused: {Reason}.", certificate.Subject, certificate.SerialNumber, refusal);
                    }

                    return refusal is null;
                };
            }
        }));
        return options;
    }

    /// <summary>
    /// Registers the client CA's CRL (<see cref="ClientRevocationList"/>, once, with its readiness check) when
    /// <c>Tls:*</c> asks for a CRL check; false when it does not. Used by Kestrel's mutual TLS and by the trusted proxy's
    /// forwarded certificates alike.
    /// </summary>
    public static bool AddClientRevocationList(IServiceCollection services, TlsOptions options, X509Certificate2? clientCa)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EffectiveRevocationCheck != ClientRevocationCheck.Crl)
        {
            return false;
        }

        if (clientCa is null || string.IsNullOrWhiteSpace(options.ClientCrlPath))
        {
            throw new ClientConfigurationException("Tls:RevocationCheck is Crl but Tls:ClientCaPath or Tls:ClientCrlPath is empty: set both (the CA and the CRL it issues), or Tls:RevocationCheck=None.");
        }

        if (services.Any(service => service.ServiceType == typeof(ClientRevocationList)))
        {
            return true;
        }

        // Read once now so a bad file stops the start-up with a message naming the setting, before Kestrel binds.
        ClientRevocationList.Load(options.ClientCrlPath, clientCa, TimeProvider.System, NullLogger.Instance);
        var crlPath = options.ClientCrlPath;
        services.AddSingleton(provider => ClientRevocationList.Load(crlPath, clientCa, TimeProvider.System, provider.GetRequiredService<ILogger<ClientRevocationList>>()));
        services.AddHealthChecks().AddCheck<ClientCrlHealthCheck>("client-crl", tags: ["ready"]);
        return true;
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="ca"/> alone (not the machine's roots).</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca) => RefusalReason(certificate, ca, crl: null) is null;

    /// <summary>
    /// Null when <paramref name="certificate"/> chains to <paramref name="ca"/> alone (not the machine's roots), is within
    /// its validity dates, is meant for client authentication and, with a <paramref name="crl"/>, is not listed in it;
    /// otherwise why it is refused.
    /// </summary>
    public static string? RefusalReason(X509Certificate2 certificate, X509Certificate2 ca, ClientRevocationList? crl)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);

        // X509Chain cannot be handed a CRL file on Linux (ClientRevocationList says why); the CRL is applied below.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        if (!chain.Build(certificate))
        {
            return "it does not chain to Tls:ClientCaPath (" + string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct()) + ")";
        }

        if (crl is null || chain.ChainElements.Count == 1)
        {
            return null;
        }

        // The CRL is the CA's: it speaks for the certificates the CA issued itself, not for an intermediate's.
        if (chain.ChainElements.Count > 2)
        {
            return "it is issued by an intermediate CA whose revocation list is not configured (Tls:ClientCaPath must be the CA that issues client certificates)";
        }

        return crl.IsRevoked(certificate) ? $"it is revoked by the CA's CRL ({crl.Path})" : null;
    }
}
