namespace Sas.Interop.Host.Push;

/// <summary>How client certificates are checked for revocation (<c>Tls:RevocationCheck</c>).</summary>
internal enum ClientRevocationCheck
{
    /// <summary>Not checked: revoking a publisher means removing it from <c>Publishers</c>.</summary>
    None,

    /// <summary>Refused when listed in the CA's CRL (<c>Tls:ClientCrlPath</c>); the default when a CRL is configured.</summary>
    Crl,
}
