using System.Security.Cryptography.X509Certificates;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Host.Push;

/// <summary>
/// Who may read <c>GET /fhir/*</c> (but <c>metadata</c>): <c>Consumers:&lt;id&gt;</c> with <c>ApiKeys</c>,
/// <c>CertificateThumbprints</c>, <c>CertificateSubjects</c>, as publishers are configured. With none configured,
/// reads stay open (the demo, the tests, a hub behind a trusted gateway) and the log says so loudly at start-up.
/// </summary>
internal sealed class ConsumerRegistry
{
    public const string SectionName = "Consumers";

    public ConsumerRegistry(IReadOnlyList<SasConsumer> consumers)
    {
        Consumers = consumers;
    }

    public IReadOnlyList<SasConsumer> Consumers { get; }

    /// <summary>True once any consumer is configured: from then on every read needs a consumer identity.</summary>
    public bool ReadsRequireIdentity => Consumers.Count > 0;

    public static ConsumerRegistry FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var consumers = new List<SasConsumer>();
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var id = section.Key;
            if (!InstanceIds.IsValid(id))
            {
                problems.Add($"{SectionName}:{id}: the consumer id must be {InstanceIds.Rule}.");
                continue;
            }

            var (hashes, thumbprints, subjects) = ClientCredentials.Read(section);
            if (hashes.Count == 0 && thumbprints.Count == 0 && subjects.Count == 0)
            {
                problems.Add($"{SectionName}:{id}: no ApiKeys, CertificateThumbprints or CertificateSubjects; the consumer could never authenticate.");
                continue;
            }

            consumers.Add(new SasConsumer(id, hashes, thumbprints, subjects));
        }

        if (problems.Count > 0)
        {
            throw new ClientConfigurationException("consumer", problems);
        }

        return new ConsumerRegistry(consumers);
    }

    public SasConsumer? FindByApiKey(string presented) => ClientCredentials.FindByApiKey(Consumers, c => c.ApiKeyHashes, presented);

    public SasConsumer? FindByCertificate(X509Certificate2 certificate) =>
        ClientCredentials.FindByCertificate(Consumers, c => c.CertificateThumbprints, c => c.CertificateSubjects, certificate);
}
