using System.Net;
using System.Text.Json;
using Refit;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.AgendaPlus;

/// <summary>Turns whatever a batch fetch threw into the failure an admin sees.</summary>
internal static class AgendaPlusFailureClassifier
{
    public static ConnectorFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AgendaPlusFetchException fetch)
        {
            return new ConnectorFailure(fetch.Kind, fetch.Message);
        }

        if (ResilienceFailures.Classify(exception) is { } pipeline)
        {
            return pipeline;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is JsonException)
            {
                return new ConnectorFailure(ConnectorFailureKind.Malformed, $"The answer is not the JSON AgendaPlus documents: {current.Message}");
            }
        }

        return exception switch
        {
            ApiException { StatusCode: HttpStatusCode.TooManyRequests } api => new ConnectorFailure(ConnectorFailureKind.RateLimited, $"HTTP 429 on {api.Uri?.AbsolutePath}"),
            ApiException api => new ConnectorFailure(ConnectorFailureKind.HttpStatus, $"HTTP {(int)api.StatusCode} {api.ReasonPhrase} on {api.Uri?.AbsolutePath}: {Snippet(api.Content)}"),
            ApiRequestException { InnerException: OperationCanceledException } or OperationCanceledException => new ConnectorFailure(ConnectorFailureKind.Timeout, "Timed out waiting for AgendaPlus."),
            ApiRequestException { InnerException: HttpRequestException http } => new ConnectorFailure(ConnectorFailureKind.Network, $"Network error: {http.Message}"),
            HttpRequestException http => new ConnectorFailure(ConnectorFailureKind.Network, $"Network error: {http.Message}"),
            _ => new ConnectorFailure(ConnectorFailureKind.Other, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    private static string Snippet(string? content) => content is null ? string.Empty : content.Length <= 200 ? content : content[..200] + "…";
}
