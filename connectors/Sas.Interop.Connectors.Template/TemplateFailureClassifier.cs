using System.Text.Json;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.Template;

/// <summary>Turns whatever a batch fetch threw into the failure an admin sees in <c>/admin/connectors</c>.</summary>
internal static class TemplateFailureClassifier
{
    public static ConnectorFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TemplateFetchException fetch)
        {
            return new ConnectorFailure(fetch.Kind, fetch.Message);
        }

        // The hub's resilience pipeline (timeouts, open circuit, rate limiter), recognised without a Polly reference.
        if (ResilienceFailures.Classify(exception) is { } pipeline)
        {
            return pipeline;
        }

        return exception switch
        {
            JsonException json => new ConnectorFailure(ConnectorFailureKind.Malformed, $"The answer is not the JSON the publisher documents: {json.Message}"),
            HttpRequestException http => new ConnectorFailure(ConnectorFailureKind.Network, $"Network error: {http.Message}"),

            // Not the caller's cancellation (that one is rethrown): HttpClient.Timeout.
            OperationCanceledException => new ConnectorFailure(ConnectorFailureKind.Timeout, "Timed out waiting for the publisher."),
            _ => new ConnectorFailure(ConnectorFailureKind.Other, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }
}
