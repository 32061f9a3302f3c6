using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Sas.Interop.Sync.Tls;

/// <summary>
/// The certificates of one outgoing destination, loaded once at start-up: the client certificate presented in the
/// handshake and the only CAs the server's certificate may chain to (the IG's mutual TLS with IGC-Santé certificates).
/// </summary>
public sealed class OutboundTls
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private OutboundTls(string settingPrefix, X509Certificate2? clientCertificate, X509Certificate2Collection? serverCas)
    {
        SettingPrefix = settingPrefix;
        ClientCertificate = clientCertificate;
        ServerCas = serverCas;
    }

    /// <summary>Where it was configured, e.g. <c>Connectors:editeur-a:Tls</c>: named in logs and errors.</summary>
    public string SettingPrefix { get; }

    /// <summary>Presented to the server; null: none.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>The only trusted roots for the server's certificate; null: the system trust store.</summary>
    public X509Certificate2Collection? ServerCas { get; }

    /// <summary>
    /// Loads what <paramref name="options"/> names. Null when nothing is set (the system's defaults apply) or when a
    /// setting is wrong; each problem is added to <paramref name="problems"/> as <c>{prefix}:Key: message</c>.
    /// </summary>
    public static OutboundTls? Load(OutboundTlsOptions? options, string settingPrefix, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (options is null || options.IsEmpty)
        {
            return null;
        }

        var before = problems.Count;
        X509Certificate2? client = null;
        if (options.HasPkcs12 && options.HasPem)
        {
            problems.Add($"{settingPrefix}: ClientCertificatePath (PKCS#12) and ClientCertificatePemPath/ClientKeyPemPath (PEM) are both set; set one of them.");
        }
        else if (options.HasPkcs12)
        {
            client = LoadPkcs12(options, settingPrefix, problems);
        }
        else if (options.HasPem)
        {
            client = LoadPem(options, settingPrefix, problems);
        }

        var cas = string.IsNullOrWhiteSpace(options.ServerCaPath) ? null : LoadCas(options.ServerCaPath, settingPrefix, problems);
        return problems.Count == before ? new OutboundTls(settingPrefix, client, cas) : null;
    }

    /// <summary>Warnings for a client certificate expired or expiring within <paramref name="warnBefore"/>; empty otherwise.</summary>
    public IEnumerable<string> ExpiryWarnings(DateTimeOffset now, TimeSpan warnBefore)
    {
        if (ClientCertificate is not { } certificate)
        {
            yield break;
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter <= now)
        {
            yield return $"{SettingPrefix}: the client certificate '{certificate.Subject}' expired on {notAfter:u}: servers will refuse it.";
        }
        else if (notAfter - now <= warnBefore)
        {
            yield return $"{SettingPrefix}: the client certificate '{certificate.Subject}' expires on {notAfter:u} ({(notAfter - now).TotalDays:F0} days left): renew it.";
        }
    }

    /// <summary>Makes <paramref name="handler"/> present the client certificate and trust only <see cref="ServerCas"/>.</summary>
    public void Apply(HttpMessageHandler handler, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        var ssl = handler switch
        {
            SocketsHttpHandler sockets => sockets.SslOptions,
            _ => throw new InvalidOperationException($"{SettingPrefix}: the HTTP client's primary handler is a {handler.GetType().Name}, not the SocketsHttpHandler TLS settings are applied to."),
        };
        if (ClientCertificate is { } certificate)
        {
            ssl.ClientCertificates = [certificate];

            // Presented whatever CA names the server lists (a server may list none): the configured one is the hub's identity.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        if (ServerCas is { } cas)
        {
            ssl.RemoteCertificateValidationCallback = (_, presented, chain, errors) =>
            {
                var refusal = RefusalReason(presented, chain, errors, cas);
                if (refusal is not null)
                {
                    logger.LogWarning("{Setting}: server certificate '{Subject}' refused: {Reason}.", SettingPrefix, presented?.Subject, refusal);
                }

                return refusal is null;
            };
        }
    }

    /// <summary>Null when the server's certificate chains to one of <paramref name="cas"/> (and no other root) and names the host; otherwise why not.</summary>
    internal string? RefusalReason(X509Certificate? presented, X509Chain? systemChain, SslPolicyErrors errors, X509Certificate2Collection cas)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server presented no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return "it does not name the host that was called";
        }

        // The system's verdict on the chain (its own roots) is replaced by ours: only the configured CAs are roots.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (systemChain is not null)
        {
            // Intermediates the server sent.
            chain.ChainPolicy.ExtraStore.AddRange(systemChain.ChainPolicy.ExtraStore);
        }

        var certificate = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate)
            ? null
            : $"it does not chain to {SettingPrefix}:ServerCaPath ({string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct())})";
    }

    private static X509Certificate2? LoadPkcs12(OutboundTlsOptions options, string prefix, ICollection<string> problems)
    {
        var path = options.ClientCertificatePath!;
        if (!File.Exists(path))
        {
            problems.Add($"{prefix}:ClientCertificatePath: file '{path}' does not exist.");
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword);
        }
        catch (CryptographicException ex)
        {
            problems.Add($"{prefix}:ClientCertificatePassword: '{path}' cannot be opened as PKCS#12 with this password ({ex.Message}).");
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            problems.Add($"{prefix}:ClientCertificatePath: '{path}' holds no private key for its certificate.");
            certificate.Dispose();
            return null;
        }

        return certificate;
    }

    private static X509Certificate2? LoadPem(OutboundTlsOptions options, string prefix, ICollection<string> problems)
    {
        var certificatePath = options.ClientCertificatePemPath;
        var keyPath = options.ClientKeyPemPath;
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            problems.Add($"{prefix}:ClientCertificatePemPath is missing: ClientKeyPemPath needs the certificate it belongs to.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(keyPath))
        {
            problems.Add($"{prefix}:ClientKeyPemPath is missing: a PEM client certificate needs its private key.");
            return null;
        }

        var missing = false;
        foreach (var (key, path) in new[] { ("ClientCertificatePemPath", certificatePath), ("ClientKeyPemPath", keyPath) })
        {
            if (!File.Exists(path))
            {
                problems.Add($"{prefix}:{key}: file '{path}' does not exist.");
                missing = true;
            }
        }

        if (missing)
        {
            return null;
        }

        try
        {
            using var ephemeral = string.IsNullOrEmpty(options.ClientCertificatePassword)
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, options.ClientCertificatePassword, keyPath);

            // A PKCS#12 round trip gives a key every TLS stack can use (an ephemeral PEM key is refused on some).
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            problems.Add($"{prefix}:ClientKeyPemPath: '{keyPath}' with '{certificatePath}' does not give a certificate and its private key ({ex.Message}).");
            return null;
        }
    }

    private static X509Certificate2Collection? LoadCas(string path, string prefix, ICollection<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{prefix}:ServerCaPath: file '{path}' does not exist.");
            return null;
        }

        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(path);
            if (cas.Count == 0)
            {
                // Not PEM: one DER certificate, as Tls:ClientCaPath accepts.
                cas.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"{prefix}:ServerCaPath: '{path}' cannot be read as PEM or DER certificates ({ex.Message}).");
            return null;
        }

        return cas;
    }
}
