namespace Sas.Interop.Host.Push;

/// <summary>Kestrel HTTPS and client-certificate settings (<c>Tls:*</c>).</summary>
internal sealed class TlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>PKCS#12 (.pfx) server certificate; HTTPS endpoints use it. Empty: no TLS (demo only).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>PEM or DER CA certificate that client certificates must chain to (e.g. the IGC-Santé CA).</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>True: the TLS handshake fails without a client certificate accepted by <see cref="ClientCaPath"/>.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>PEM or DER X.509 CRL issued by the <see cref="ClientCaPath"/> CA; re-read whenever the file changes.</summary>
    public string? ClientCrlPath { get; set; }

    /// <summary>Unset: <see cref="ClientRevocationCheck.Crl"/> when <see cref="ClientCrlPath"/> is set, else none.</summary>
    public ClientRevocationCheck? RevocationCheck { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    public ClientRevocationCheck EffectiveRevocationCheck =>
        RevocationCheck ?? (string.IsNullOrWhiteSpace(ClientCrlPath) ? ClientRevocationCheck.None : ClientRevocationCheck.Crl);
}
