using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Sas.Interop.Host.Push;

/// <summary>
/// How a FHIR client (a pushing publisher, a reading SAS consumer) may prove who it is, as configured under its
/// section: <c>ApiKeys</c> (kept as SHA-256 hashes), <c>CertificateThumbprints</c>, <c>CertificateSubjects</c>.
/// </summary>
internal static class ClientCredentials
{
    /// <summary>Reads the three lists of one client section; keys come back hashed, thumbprints normalised.</summary>
    public static (List<byte[]> KeyHashes, List<string> Thumbprints, List<CertificateSubject> Subjects) Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var keys = (section.GetSection("ApiKeys").Get<string[]>() ?? []).Where(k => !string.IsNullOrWhiteSpace(k)).Select(Hash).ToList();
        var thumbprints = (section.GetSection("CertificateThumbprints").Get<string[]>() ?? []).Select(NormalizeThumbprint).Where(t => t.Length > 0).ToList();
        var subjects = section.GetSection("CertificateSubjects").GetChildren()
            .Select(s => new CertificateSubject(s["CN"] ?? string.Empty, s["OU"]))
            .Where(s => s.CommonName.Length > 0)
            .ToList();
        return (keys, thumbprints, subjects);
    }

    /// <summary>The first client holding this key; compared in constant time against every key of every client.</summary>
    public static T? FindByApiKey<T>(IEnumerable<T> clients, Func<T, IReadOnlyList<byte[]>> keyHashes, string presented)
        where T : class
    {
        var hash = Hash(presented);
        T? found = null;
        foreach (var client in clients)
        {
            foreach (var keyHash in keyHashes(client))
            {
                if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
                {
                    found ??= client;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The client a certificate identifies: by thumbprint (SHA-1, as Windows and most tools print it), else by subject
    /// CN (and OU when configured). The chain was already validated by Kestrel against the trusted CA.
    /// </summary>
    public static T? FindByCertificate<T>(IEnumerable<T> clients, Func<T, IReadOnlyList<string>> thumbprints, Func<T, IReadOnlyList<CertificateSubject>> subjects, X509Certificate2 certificate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var list = clients.ToList();
        var thumbprint = NormalizeThumbprint(certificate.Thumbprint);
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var units = OrganizationalUnits(certificate.SubjectName);
        return list.FirstOrDefault(c => thumbprints(c).Contains(thumbprint, StringComparer.Ordinal))
            ?? list.FirstOrDefault(c => subjects(c).Any(s =>
                string.Equals(s.CommonName, commonName, StringComparison.Ordinal)
                && (s.OrganizationalUnit is null || units.Contains(s.OrganizationalUnit, StringComparer.Ordinal))));
    }

    public static string NormalizeThumbprint(string? thumbprint) =>
        new([.. (thumbprint ?? string.Empty).Where(char.IsAsciiHexDigit).Select(char.ToUpperInvariant)]);

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static List<string> OrganizationalUnits(X500DistinguishedName name) =>
        [.. name.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.11")
            .Select(rdn => rdn.GetSingleElementValue())
            .OfType<string>()];
}
