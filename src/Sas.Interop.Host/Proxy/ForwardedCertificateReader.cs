using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Proxy;

/// <summary>
/// Reads the client certificate a trusted proxy forwards: nginx's <c>$ssl_client_escaped_cert</c>, a URL-encoded PEM.
/// The proxy already verified it; the hub checks it again against <c>Tls:ClientCaPath</c> (and its CRL) when one is
/// configured, so a proxy configured with the wrong CA, or without the CRL, cannot let a foreign certificate through.
/// A refused or unreadable certificate is logged and taken as no certificate (the request is then anonymous).
/// </summary>
internal sealed class ForwardedCertificateReader(X509Certificate2? clientCa, ClientRevocationList? crl, ILogger logger)
{
    /// <summary>The <c>CertificateForwardingOptions.HeaderConverter</c>.</summary>
    public X509Certificate2? Read(string headerValue)
    {
        X509Certificate2 certificate;
        try
        {
            // Not WebUtility.UrlDecode: it would turn a literal '+' of the base64 into a space.
            certificate = X509Certificate2.CreateFromPem(Uri.UnescapeDataString(headerValue));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            logger.LogWarning("The forwarded client certificate is not a URL-encoded PEM certificate ({Reason}): the request is taken as without a certificate.", ex.Message);
            return null;
        }

        if (clientCa is null)
        {
            return certificate;
        }

        var refusal = MutualTls.RefusalReason(certificate, clientCa, crl);
        if (refusal is null)
        {
            return certificate;
        }

        logger.LogWarning("Forwarded client certificate '{Subject}' (serial {Serial}) refused: {Reason}. The request is taken as without a certificate.", certificate.Subject, certificate.SerialNumber, refusal);
        certificate.Dispose();
        return null;
    }
}
