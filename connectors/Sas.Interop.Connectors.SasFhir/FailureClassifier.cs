using System.Text.Json;
using Hl7.Fhir.Serialization;
using Refit;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>Turns whatever a batch fetch threw into the failure an admin sees.</summary>
internal static class FailureClassifier
{
    /// <summary>Classifies a failure that did not come from the caller's own cancellation.</summary>
    public static ConnectorFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is SasFhirFetchException fetch)
        {
            return new ConnectorFailure(fetch.Kind, fetch.Message);
        }

        if (ResilienceFailures.Classify(exception) is { } pipeline)
        {
            return pipeline;
        }

        // Refit 16 wraps what the HttpClient pipeline threw (HttpRequestException, timeouts) in ApiRequestException.
        var cause = exception is ApiRequestException { InnerException: { } inner } ? inner : exception;
        return cause switch
        {
            // Not our token (the caller checks): HttpClient.Timeout or a handler gave up.
            OperationCanceledException => new ConnectorFailure(ConnectorFailureKind.Timeout, "Timed out waiting for the publisher."),
            HttpRequestException http => new ConnectorFailure(ConnectorFailureKind.Network, $"Network error: {Describe(http)}"),
            IOException io => new ConnectorFailure(ConnectorFailureKind.Network, $"Network error while reading the answer: {io.Message}"),
            JsonException or DeserializationFailedException or FormatException => new ConnectorFailure(ConnectorFailureKind.Malformed, $"The answer is not valid FHIR JSON: {cause.Message}"),
            _ => new ConnectorFailure(ConnectorFailureKind.Other, $"{cause.GetType().Name}: {cause.Message}"),
        };
    }

    private static string Describe(HttpRequestException exception) =>
        exception.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;
}
