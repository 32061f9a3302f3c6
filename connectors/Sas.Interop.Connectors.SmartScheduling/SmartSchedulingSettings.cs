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

    private SmartSchedulingSettings(Uri baseUrl, IReadOnlyList<string> practitioners, int fullSnapshotEvery)
    {
        BaseUrl = baseUrl;
        Practitioners = practitioners;
        FullSnapshotEvery = fullSnapshotEvery;
    }

    /// <summary>Publisher base; the manifest is <c>{BaseUrl}/$bulk-publish</c>.</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<string> Practitioners { get; }

    /// <summary>1: every run is a full snapshot; N: runs 1, N+1, 2N+1… are, the others ask <c>_since</c>.</summary>
    public int FullSnapshotEvery { get; }

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

        errors = problems;
        settings = problems.Count == 0 ? new SmartSchedulingSettings(baseUrl!, practitioners, every) : null;
        return settings is not null;
    }
}
