using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.Template;

/// <summary>The settings of one <c>template</c> instance, read and checked once: every problem is a readable message.</summary>
internal sealed class TemplateSettings
{
    private TemplateSettings(Uri baseUrl, string token, IReadOnlyList<string> practitioners)
    {
        BaseUrl = baseUrl;
        Token = token;
        Practitioners = practitioners;
    }

    /// <summary>The API root, with a trailing slash so that <c>v1/…</c> lands under it.</summary>
    public Uri BaseUrl { get; }

    public string Token { get; }

    /// <summary>Prefixed national ids (<c>8</c>+RPPS, <c>0</c>+ADELI), as the hub's roster and the batches' scopes hold them.</summary>
    public IReadOnlyList<string> Practitioners { get; }

    public static bool TryRead(IConfigurationSection configuration, [NotNullWhen(true)] out TemplateSettings? settings, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();

        // TODO: your API's root, credentials and whatever else an instance needs, each checked here.
        Uri? baseUrl = null;
        var rawUrl = configuration["BaseUrl"]?.Trim();
        if (string.IsNullOrEmpty(rawUrl))
        {
            problems.Add("BaseUrl is required: the publisher API root, e.g. https://api.publisher.example/.");
        }
        else if (!Uri.TryCreate(rawUrl.EndsWith('/') ? rawUrl : rawUrl + "/", UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps) || baseUrl.Query.Length > 0)
        {
            problems.Add($"BaseUrl '{rawUrl}' is not an absolute http(s) URL without a query.");
        }

        var token = configuration["Token"]?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            problems.Add("Token is required: the bearer token the publisher issued to this hub (sent as 'Authorization: Bearer <token>').");
        }

        // A list (Practitioners:0, :1…) or one comma-separated value (handy in an environment variable).
        var section = configuration.GetSection("Practitioners");
        var entries = section.Value is { } single ? single.Split(',') : [.. section.GetChildren().Select(child => child.Value ?? string.Empty)];
        var practitioners = new List<string>();
        foreach (var entry in entries)
        {
            // The hub's own rule: bare RPPS (11 digits) → 8+RPPS, bare ADELI (9 digits) → 0+ADELI, prefixed kept.
            if (NationalIdentifiers.TryNormalizePractitioner(entry, out var id, out _) && id[0] is '8' or '0')
            {
                if (!practitioners.Contains(id, StringComparer.Ordinal))
                {
                    practitioners.Add(id);
                }
            }
            else
            {
                problems.Add($"Practitioners: '{entry.Trim()}' is not an RPPS (11 digits, or 12 with the '8' prefix) nor an ADELI (9 digits, or 10 with the '0' prefix).");
            }
        }

        if (entries.Length == 0)
        {
            problems.Add("Practitioners is required: the RPPS or ADELI numbers this instance fetches, e.g. [\"10101234567\"].");
        }

        errors = problems;
        settings = problems.Count == 0 ? new TemplateSettings(baseUrl!, token!, practitioners) : null;
        return settings is not null;
    }
}
