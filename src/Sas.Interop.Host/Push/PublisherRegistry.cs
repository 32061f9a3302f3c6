using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Host.Push;

/// <summary>
/// The publishers allowed to push, read from <c>Publishers:&lt;id&gt;</c>: <c>ApiKeys</c> (development only),
/// <c>CertificateThumbprints</c>, <c>CertificateSubjects</c> (<c>{ "CN": …, "OU": … }</c>).
/// </summary>
internal sealed class PublisherRegistry
{
    public const string SectionName = "Publishers";

    // Push source ids are "push-" + id and must follow the connector instance id rule (40 characters at most).
    private const int MaxIdLength = 40 - 5;

    public PublisherRegistry(IReadOnlyList<PushPublisher> publishers)
    {
        Publishers = publishers;
    }

    public IReadOnlyList<PushPublisher> Publishers { get; }

    public static PublisherRegistry FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var publishers = new List<PushPublisher>();
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var id = section.Key;
            if (!InstanceIds.IsValid(id) || id.Length > MaxIdLength)
            {
                problems.Add($"{SectionName}:{id}: the publisher id must be {InstanceIds.Rule}, at most {MaxIdLength} characters (it becomes '{PushPublisher.SourcePrefix}{id}').");
                continue;
            }

            if (configuration.GetSection($"Connectors:{PushPublisher.SourcePrefix}{id}").Exists())
            {
                problems.Add($"{SectionName}:{id}: a connector instance is named '{PushPublisher.SourcePrefix}{id}'; pushed and pulled data would share a source.");
            }

            var keys = section.GetSection("ApiKeys").Get<string[]>() ?? [];
            var thumbprints = (section.GetSection("CertificateThumbprints").Get<string[]>() ?? []).Select(NormalizeThumbprint).Where(t => t.Length > 0).ToList();
            var subjects = section.GetSection("CertificateSubjects").GetChildren()
                .Select(s => new CertificateSubject(s["CN"] ?? string.Empty, s["OU"]))
                .Where(s => s.CommonName.Length > 0)
                .ToList();
            var hashes = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(Hash).ToList();
            if (hashes.Count == 0 && thumbprints.Count == 0 && subjects.Count == 0)
            {
                problems.Add($"{SectionName}:{id}: no ApiKeys, CertificateThumbprints or CertificateSubjects; the publisher could never authenticate.");
                continue;
            }

            publishers.Add(new PushPublisher(id, hashes, thumbprints, subjects));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid publisher configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        return new PublisherRegistry(publishers);
    }

    /// <summary>The publisher holding this key; compared in constant time against every key of every publisher.</summary>
    public PushPublisher? FindByApiKey(string presented)
    {
        var hash = Hash(presented);
        PushPublisher? found = null;
        foreach (var publisher in Publishers)
        {
            foreach (var keyHash in publisher.ApiKeyHashes)
            {
                if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
                {
                    found ??= publisher;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The publisher a client certificate identifies: by thumbprint (SHA-1, as Windows and most tools print it), or
    /// by subject CN (and OU when configured). The chain was already validated by Kestrel against the trusted CA.
    /// </summary>
    public PushPublisher? FindByCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var thumbprint = NormalizeThumbprint(certificate.Thumbprint);
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var units = OrganizationalUnits(certificate.SubjectName);
        return Publishers.FirstOrDefault(p => p.CertificateThumbprints.Contains(thumbprint, StringComparer.Ordinal))
            ?? Publishers.FirstOrDefault(p => p.CertificateSubjects.Any(s =>
                string.Equals(s.CommonName, commonName, StringComparison.Ordinal)
                && (s.OrganizationalUnit is null || units.Contains(s.OrganizationalUnit, StringComparer.Ordinal))));
    }

    private static List<string> OrganizationalUnits(X500DistinguishedName name) =>
        [.. name.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.11")
            .Select(rdn => rdn.GetSingleElementValue())
            .OfType<string>()];

    private static string NormalizeThumbprint(string? thumbprint) =>
        new([.. (thumbprint ?? string.Empty).Where(char.IsAsciiHexDigit).Select(char.ToUpperInvariant)]);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
