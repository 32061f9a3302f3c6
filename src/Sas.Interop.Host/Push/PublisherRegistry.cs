using System.Security.Cryptography.X509Certificates;
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

    /// <summary>Whether a source is a configured publisher's (its data, not another's: see PushProcessor.ResolveNativeIdAsync).</summary>
    public bool HoldsSource(string sourceInstance) => Publishers.Any(p => p.SourceInstance == sourceInstance);

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

            var (hashes, thumbprints, subjects) = ClientCredentials.Read(section);
            if (hashes.Count == 0 && thumbprints.Count == 0 && subjects.Count == 0)
            {
                problems.Add($"{SectionName}:{id}: no ApiKeys, CertificateThumbprints or CertificateSubjects; the publisher could never authenticate.");
                continue;
            }

            publishers.Add(new PushPublisher(id, hashes, thumbprints, subjects));
        }

        if (problems.Count > 0)
        {
            throw new ClientConfigurationException("publisher", problems);
        }

        return new PublisherRegistry(publishers);
    }

    /// <summary>The publisher holding this key; compared in constant time against every key of every publisher.</summary>
    public PushPublisher? FindByApiKey(string presented) => ClientCredentials.FindByApiKey(Publishers, p => p.ApiKeyHashes, presented);

    /// <summary>The publisher a client certificate identifies, by thumbprint or by subject CN (and OU).</summary>
    public PushPublisher? FindByCertificate(X509Certificate2 certificate) =>
        ClientCredentials.FindByCertificate(Publishers, p => p.CertificateThumbprints, p => p.CertificateSubjects, certificate);
}
