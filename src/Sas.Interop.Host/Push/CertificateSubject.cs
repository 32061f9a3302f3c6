namespace Sas.Interop.Host.Push;

/// <summary>A client-certificate subject to match: CN, and OU when given (IGC-Santé certificates carry both).</summary>
internal sealed record CertificateSubject(string CommonName, string? OrganizationalUnit);
