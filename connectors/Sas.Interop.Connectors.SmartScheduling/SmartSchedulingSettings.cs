using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>The settings of one <c>smart-scheduling</c> instance.</summary>
internal sealed class SmartSchedulingSettings
{
    public const int DefaultFullSnapshotEvery = 12;
    public const int BatchSize = 25;

    private SmartSchedulingSettings(Uri baseUrl, IReadOnlyList<string> practitioners, int fullSnapshotEvery, IReadOnlyList<string> allowedFileHosts)
    {
        BaseUrl = baseUrl;
        Practitioners = practitioners;
        FullSnapshotEvery = fullSnapshotEvery;
        AllowedFileHosts = allowedFileHosts;
    }

    /// <summary>Publisher base; the manifest is <c>{BaseUrl}/$bulk-publish</c>.</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<string> Practitioners { get; }

    /// <summary>1: every run is a full snapshot; N: runs 1, N+1, 2N+1… are, the others ask <c>_since</c>.</summary>
    public int FullSnapshotEvery { get; }

    /// <summary>
    /// Host names (lower case) the manifest's NDJSON files may be fetched from, besides the manifest's own host
    /// (always allowed): the spec lets a publisher host its files elsewhere, e.g. in a storage bucket.
    /// </summary>
    public IReadOnlyList<string> AllowedFileHosts { get; }

    /// <summary>True when a file at <paramref name="url"/> may be fetched: http(s), on the manifest's host or an allowed one.</summary>
    public bool AllowsFileAt(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        var host = url.IdnHost.ToLowerInvariant();
        return host == BaseUrl.IdnHost.ToLowerInvariant() || AllowedFileHosts.Contains(host, StringComparer.Ordinal);
    }

    public static bool TryRead(IConfigurationSection configuration, [NotNullWhen(true)] out SmartSchedulingSettings? settings, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        Uri? baseUrl = null;
        var rawUrl = configuration["BaseUrl"];
        if (string.IsNullOrWhiteSpace(rawUrl))
        {
            problems.Add("BaseUrl is required: the publisher's base, whose manifest is {BaseUrl}/$bulk-publish.");
        }
        else if (!Uri.TryCreate(rawUrl.Trim().TrimEnd('/'), UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps) || baseUrl.Query.Length > 0)
        {
            problems.Add($"BaseUrl '{rawUrl}' is not an absolute http(s) URL without a query.");
            baseUrl = null;
        }

        var practitioners = new List<string>();
        var section = configuration.GetSection("Practitioners");
        var entries = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(child => child.Value).ToArray();
        foreach (var entry in entries)
        {
            if (NationalIdentifiers.TryNormalizePractitioner(entry, out var id, out var error))
            {
                if (!practitioners.Contains(id, StringComparer.Ordinal))
                {
                    practitioners.Add(id);
                }
            }
            else
            {
                problems.Add($"Practitioners: {error}");
            }
        }

        if (entries.Length == 0)
        {
            problems.Add("Practitioners is required: the national ids (RPPS/ADELI) whose schedules this hub takes from the publisher.");
        }

        var every = DefaultFullSnapshotEvery;
        if (configuration["FullSnapshotEvery"] is { } raw && (!int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out every) || every < 1))
        {
            problems.Add($"FullSnapshotEvery must be a whole number ≥ 1 (1: always a full snapshot); got '{raw}'.");
        }

        var hosts = new List<string>();
        var hostSection = configuration.GetSection("AllowedFileHosts");
        var rawHosts = hostSection.Value is { } oneLine ? oneLine.Split(',') : hostSection.GetChildren().Select(child => child.Value).ToArray();
        foreach (var rawHost in rawHosts.Select(h => h?.Trim()).OfType<string>().Where(h => h.Length > 0))
        {
            // A host name only: a scheme, port or path would suggest a finer rule than the one applied.
            if (Uri.CheckHostName(rawHost) is UriHostNameType.Unknown || !Uri.TryCreate("https://" + rawHost + "/", UriKind.Absolute, out var parsed) || !parsed.Authority.Equals(rawHost, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"AllowedFileHosts: '{rawHost}' is not a host name (e.g. storage.example.org, without scheme, port or path).");
            }
            else if (!hosts.Contains(parsed.IdnHost.ToLowerInvariant(), StringComparer.Ordinal))
            {
                hosts.Add(parsed.IdnHost.ToLowerInvariant());
            }
        }

        errors = problems;
        settings = problems.Count == 0 ? new SmartSchedulingSettings(baseUrl!, practitioners, every, hosts) : null;
        return settings is not null;
    }
}
