using System.Security.Cryptography;
using System.Text;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Storage;
using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// POSTs the long-unavailability events to <c>Admin:Unavailabilities:Webhook:Url</c>, with the delivery rules of
/// <see cref="OutboxRelay"/>: claimed per attempt (one node sends), a 5xx/timeout/refused connection retried with
/// backoff, a 4xx refused for good.
/// </summary>
internal sealed class UnavailabilityWebhookRelay(
    IUnavailabilityNotificationStore store,
    IHttpClientFactory httpClients,
    UnavailabilityWebhookSignal signal,
    UnavailabilityWebhookOptions options,
    TimeProvider clock,
    ILogger<UnavailabilityWebhookRelay> logger) : OutboxRelay(store, signal, options, clock, logger)
{
    public const string HttpClientName = "unavailability-webhook";
    public const string SignatureHeader = "X-Sas-Interop-Signature";

    protected override string Subject => "Unavailability event";

    protected override bool Configured => options.Endpoint is not null;

    protected override (HttpClient Client, HttpRequestMessage Request) RequestFor(OutboxEntry entry)
    {
        var body = Encoding.UTF8.GetBytes(entry.ResourceJson);
        var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        if (options.Secret is { Length: > 0 } secret)
        {
            request.Headers.Add(SignatureHeader, Signature(secret, body));
        }

        return (httpClients.CreateClient(HttpClientName), request);
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body under the shared secret.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
