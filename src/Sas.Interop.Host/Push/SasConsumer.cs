namespace Sas.Interop.Host.Push;

/// <summary>One configured reader of the SAS searches (<c>Consumers:&lt;id&gt;</c>), e.g. the SAS platform itself.</summary>
internal sealed record SasConsumer(
    string Id,
    IReadOnlyList<byte[]> ApiKeyHashes,
    IReadOnlyList<string> CertificateThumbprints,
    IReadOnlyList<CertificateSubject> CertificateSubjects);
