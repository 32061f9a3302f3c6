namespace Sas.Interop.Samples.Publisher;

/// <summary>A Slot or Schedule search as the simulator received it, for tests that assert on the wire format.</summary>
/// <param name="Path">Request path, e.g. <c>/fhir/Slot</c> or <c>/fhir/Schedule</c>.</param>
/// <param name="RawQuery">The query string exactly as sent, without the leading '?'.</param>
/// <param name="Accept">The Accept header, if any.</param>
public sealed record RecordedRequest(string Path, string RawQuery, string? Accept)
{
    /// <summary>The query with percent-escapes decoded (a literal '+' stays a '+').</summary>
    public string DecodedQuery => Uri.UnescapeDataString(RawQuery);

    /// <summary>The User-Agent header, if any.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Subject of the connection's client certificate (HTTPS with a required one); null without.</summary>
    public string? ClientCertificateSubject { get; init; }
}
