using Sas.Interop.Ingestion.Push;

namespace Sas.Interop.Host.Push;

/// <summary>One configured publisher (<c>Publishers:&lt;id&gt;</c>) and the identities it may authenticate with.</summary>
internal sealed record PushPublisher(
    string Id,
    IReadOnlyList<byte[]> ApiKeyHashes,
    IReadOnlyList<string> CertificateThumbprints,
    IReadOnlyList<CertificateSubject> CertificateSubjects)
{
    public const string SourcePrefix = PushingPublisher.SourcePrefix;

    /// <summary>The source instance its data is stored under: apart from every connector's, so push never overwrites pull.</summary>
    public string SourceInstance => PushingPublisher.SourceOf(Id);

    /// <summary>The publisher as the push pipeline sees it.</summary>
    public PushingPublisher Writer { get; } = PushingPublisher.Of(Id);
}
