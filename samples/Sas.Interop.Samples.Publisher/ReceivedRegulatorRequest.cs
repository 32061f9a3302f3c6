namespace Sas.Interop.Samples.Publisher;

/// <summary>One INT_R02 request (regulator account create or update) as the simulator received and answered it.</summary>
/// <param name="Method"><c>POST</c> or <c>PUT</c>.</param>
/// <param name="UrlIdentifier">The PUT's <c>identifier</c> parameter, decoded (<c>system|value</c>); null for a POST or when absent.</param>
/// <param name="BodyIdentifiers">The body's identifiers as <c>system|value</c>; empty when the body did not parse.</param>
/// <param name="Active">The body's <c>active</c>; null when absent or the body did not parse.</param>
/// <param name="StatusCode">The status answered; null when the connection was dropped without an answer.</param>
public sealed record ReceivedRegulatorRequest(string Method, string? UrlIdentifier, IReadOnlyList<string> BodyIdentifiers, bool? Active, int? StatusCode)
{
    /// <summary>The hub's <c>X-Sas-Interop-Sequence</c> header (<see cref="PublisherSimulator.SequenceHeader"/>), if sent and numeric.</summary>
    public long? Sequence { get; init; }

    /// <summary>The User-Agent header, if any.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Subject of the connection's client certificate (HTTPS with a required one); null without.</summary>
    public string? ClientCertificateSubject { get; init; }

    /// <summary>Whether the write reached the account store (true also for a lost answer: written, then 503 or dropped).</summary>
    public bool Applied { get; init; }

    /// <summary>The simulator id of the account written, when <see cref="Applied"/>.</summary>
    public string? AccountId { get; init; }
}
