namespace Sas.Interop.Sync.Tls;

/// <summary>
/// TLS of one outgoing destination (<c>Connectors:&lt;id&gt;:Tls</c>, <c>Appointments:Relay:Tls</c>): the client
/// certificate the hub presents (PKCS#12, or a PEM certificate and key) and the CAs the server must chain to.
/// </summary>
public sealed class OutboundTlsOptions
{
    /// <summary>PKCS#12 (.p12/.pfx) holding the client certificate and its private key.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>Password of the PKCS#12 file, or of an encrypted PEM key.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>PEM client certificate (the first certificate of the file), with <see cref="ClientKeyPemPath"/>.</summary>
    public string? ClientCertificatePemPath { get; set; }

    /// <summary>PEM private key (PKCS#8, encrypted with <see cref="ClientCertificatePassword"/> when set, or RSA/EC).</summary>
    public string? ClientKeyPemPath { get; set; }

    /// <summary>PEM bundle of one or more CAs (or one DER certificate): when set, the server must chain to one of them and to nothing else.</summary>
    public string? ServerCaPath { get; set; }

    internal bool HasPkcs12 => !string.IsNullOrWhiteSpace(ClientCertificatePath);

    internal bool HasPem => !string.IsNullOrWhiteSpace(ClientCertificatePemPath) || !string.IsNullOrWhiteSpace(ClientKeyPemPath);

    internal bool IsEmpty => !HasPkcs12 && !HasPem && string.IsNullOrWhiteSpace(ServerCaPath);
}
