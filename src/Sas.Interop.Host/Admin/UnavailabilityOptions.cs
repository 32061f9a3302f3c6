using System.Globalization;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// <c>Admin:Unavailabilities:MinDays</c>: how long an unavailability must last for <c>/admin/unavailabilities</c> to
/// list it by default (the SAS users' workshop's reminder: three weeks); <c>Admin:UnavailabilityWebhook:Url</c>: where
/// each one that long is POSTed once as JSON (none: no event). Read and checked at start-up.
/// </summary>
internal sealed record UnavailabilityOptions(int MinDays, Uri? WebhookUrl)
{
    public const string MinDaysKey = "Admin:Unavailabilities:MinDays";
    public const string WebhookUrlKey = "Admin:UnavailabilityWebhook:Url";
    public const int DefaultMinDays = 21;

    /// <summary>The largest threshold accepted (a year and a bit): beyond, nothing a practice declares would reach it.</summary>
    public const int MaxDays = 400;

    public static UnavailabilityOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var minDays = DefaultMinDays;
        if (configuration[MinDaysKey] is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out minDays) || minDays < 1 || minDays > MaxDays))
        {
            throw new InvalidOperationException($"{MinDaysKey}: '{text}' is not a whole number of days between 1 and {MaxDays} (default {DefaultMinDays}).");
        }

        Uri? url = null;
        if (configuration[WebhookUrlKey] is { Length: > 0 } raw
            && (!Uri.TryCreate(raw, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.UserInfo)))
        {
            throw new InvalidOperationException($"{WebhookUrlKey}: '{raw}' is not an absolute http(s) URL without credentials, e.g. https://alerts.example.fr/sas/unavailability.");
        }

        return new UnavailabilityOptions(minDays, url);
    }
}
