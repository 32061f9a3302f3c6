using System.Net;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.Testing.Tests;

/// <summary>
/// The recipe's classification (connectors/README.md): what a publisher's answer, or a call that threw through the
/// hub's client, means for the batch. The pipeline already retried 429s and 5xx (after <c>Retry-After</c>) when the
/// connector sees them, so a status here is final.
/// </summary>
internal static class PublisherFailures
{
    /// <summary>The failure the answer means; null when the connector goes on (2xx, or 404: no agenda there).</summary>
    public static ConnectorFailure? FromResponse(HttpResponseMessage response) => response switch
    {
        { IsSuccessStatusCode: true } or { StatusCode: HttpStatusCode.NotFound } => null,
        { StatusCode: HttpStatusCode.TooManyRequests } => new ConnectorFailure(ConnectorFailureKind.RateLimited, $"HTTP 429 on {response.RequestMessage?.RequestUri?.AbsolutePath}"),
        _ => new ConnectorFailure(ConnectorFailureKind.HttpStatus, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} on {response.RequestMessage?.RequestUri?.AbsolutePath}"),
    };

    /// <summary>What a call that threw means: the pipeline's own failures (timeout, open circuit, limiter) first.</summary>
    public static ConnectorFailure FromException(Exception exception) =>
        ResilienceFailures.Classify(exception) ?? exception switch
        {
            HttpRequestException http => new ConnectorFailure(ConnectorFailureKind.Network, $"Network error: {http.Message}"),
            _ => new ConnectorFailure(ConnectorFailureKind.Other, $"{exception.GetType().Name}: {exception.Message}"),
        };
}
