using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// <c>Admin:Unavailabilities:Webhook</c>: where the hub POSTs one event per long unavailability (the list of
/// <c>/admin/unavailabilities</c> at <c>Admin:Unavailabilities:MinDays</c>), and how it paces the deliveries.
/// </summary>
internal sealed class UnavailabilityWebhookOptions : OutboxRelayOptions
{
    public const string SectionName = "Admin:Unavailabilities:Webhook";

    public UnavailabilityWebhookOptions()
    {
        // The delivered row is the memory that the event was sent: purged, a still-running unavailability would be
        // announced again. Ten years outlasts any declared absence.
        KeepSettled = TimeSpan.FromDays(3650);
    }

    /// <summary>The receiver (absolute http/https URL). Unset: no event is recorded or sent.</summary>
    public string? Url { get; set; }

    /// <summary>When set, each body is signed: <c>X-Sas-Interop-Signature: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>How often the unavailabilities are looked at when no sync wakes the webhook (a pushed fact waits at most this).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(5);

    public Uri? Endpoint => Url is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : null;

    /// <summary>Every problem with these settings, as <c>Admin:Unavailabilities:Webhook:Key: message</c> lines.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Url is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add($"{SectionName}:Url: '{url}' is not an absolute http(s) URL.");
        }

        if (ScanInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:ScanInterval: must be positive, not {ScanInterval}.");
        }

        problems.AddRange(Problems(SectionName));
        return problems;
    }
}
