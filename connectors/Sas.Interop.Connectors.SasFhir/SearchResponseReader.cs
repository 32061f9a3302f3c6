using System.Net;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>Reads one page of a publisher's search answer, or says precisely why it cannot be used.</summary>
internal static class SearchResponseReader
{
    private const int SnippetLength = 300;

    // Recoverable: an unknown element or a sloppy value in one resource must not cost the whole batch; the hub's
    // normalisation decides resource by resource what it can keep.
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    /// <summary>The page's Bundle; throws <see cref="SasFhirFetchException"/> for an unusable answer.</summary>
    public static async Task<Bundle> ReadBundleAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw StatusFailure(response, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        var body = await ReadUtf8Async(response.Content, cancellationToken);
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new SasFhirFetchException(ConnectorFailureKind.Malformed, $"HTTP {(int)response.StatusCode} with an empty body; expected a searchset Bundle.");
        }

        var resource = Parse(body);
        return resource switch
        {
            Bundle bundle => bundle,
            OperationOutcome outcome => throw new SasFhirFetchException(ConnectorFailureKind.Malformed, $"HTTP {(int)response.StatusCode} with an OperationOutcome instead of a Bundle: {Diagnostics(outcome)}"),
            _ => throw new SasFhirFetchException(ConnectorFailureKind.Malformed, $"Expected a searchset Bundle, got a {resource.TypeName}."),
        };
    }

    // FHIR JSON is UTF-8: parsed from the bytes as received, not decoded to a string and encoded back for the
    // parser (two passes over every body). A body declared in another charset is transcoded once.
    private static async Task<ReadOnlyMemory<byte>> ReadUtf8Async(HttpContent content, CancellationToken cancellationToken)
    {
        var charset = content.Headers.ContentType?.CharSet?.Trim('"');
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8.GetBytes(await content.ReadAsStringAsync(cancellationToken));
        }

        ReadOnlyMemory<byte> bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        return bytes.Span.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
    }

    private static Resource Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            // A partial result (issues reported) is still worth keeping; only an unreadable body fails the batch.
            var reader = new Utf8JsonReader(body.Span);
            Deserializer.TryDeserializeResource(ref reader, out var resource, out _);
            return resource ?? throw new SasFhirFetchException(ConnectorFailureKind.Malformed, "The answer is not a FHIR resource.");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or DeserializationFailedException or FormatException)
        {
            throw new SasFhirFetchException(ConnectorFailureKind.Malformed, $"The answer is not valid FHIR JSON: {Truncate(exception.Message)}");
        }
    }

    private static SasFhirFetchException StatusFailure(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var message = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter is { } retryAfter)
        {
            message += retryAfter.Delta is { } delta ? $" (Retry-After: {delta.TotalSeconds:0} s)" : $" (Retry-After: {retryAfter.Date:O})";
        }

        if (TryReadOutcome(body) is { } outcome && Diagnostics(outcome) is { Length: > 0 } diagnostics)
        {
            message += ": " + diagnostics;
        }

        var kind = response.StatusCode == HttpStatusCode.TooManyRequests ? ConnectorFailureKind.RateLimited : ConnectorFailureKind.HttpStatus;
        return new SasFhirFetchException(kind, message);
    }

    private static OperationOutcome? TryReadOutcome(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            Deserializer.TryDeserializeResource(body, out var resource, out _);
            return resource as OperationOutcome;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or DeserializationFailedException or FormatException)
        {
            return null;
        }
    }

    private static string Diagnostics(OperationOutcome outcome) =>
        Truncate(string.Join("; ", outcome.Issue
            .Select(issue => issue.Diagnostics ?? issue.Details?.Text)
            .Where(text => !string.IsNullOrWhiteSpace(text))));

    private static string Truncate(string text) => text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
}
