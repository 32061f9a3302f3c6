using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.AgendaPlus;

/// <summary>The settings of one <c>agenda-plus</c> instance, read and checked once.</summary>
internal sealed class AgendaPlusSettings
{
    public const int DefaultBatchSize = 10;
    public const int MaxBatchSize = 25;

    private AgendaPlusSettings(Uri baseUrl, string apiKey, IReadOnlyList<string> practitioners, int batchSize)
    {
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        Practitioners = practitioners;
        BatchSize = batchSize;
    }

    public Uri BaseUrl { get; }

    public string ApiKey { get; }

    /// <summary>Prefixed national ids (<c>8</c>+RPPS), without duplicates, in configuration order.</summary>
    public IReadOnlyList<string> Practitioners { get; }

    public int BatchSize { get; }

    public static bool TryRead(IConfigurationSection configuration, [NotNullWhen(true)] out AgendaPlusSettings? settings, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();

        Uri? baseUrl = null;
        var rawUrl = configuration["BaseUrl"];
        if (string.IsNullOrWhiteSpace(rawUrl))
        {
            problems.Add("BaseUrl is required: the AgendaPlus API root, e.g. https://api.agendaplus.example.");
        }
        else if (!Uri.TryCreate(rawUrl.Trim(), UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps) || baseUrl.Query.Length > 0)
        {
            problems.Add($"BaseUrl '{rawUrl}' is not an absolute http(s) URL without a query.");
            baseUrl = null;
        }

        var apiKey = configuration["ApiKey"]?.Trim();
        if (string.IsNullOrEmpty(apiKey))
        {
            problems.Add("ApiKey is required: the key AgendaPlus issued to this hub (sent as X-AgendaPlus-Key).");
        }

        var practitioners = new List<string>();
        var section = configuration.GetSection("Practitioners");
        var entries = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(child => child.Value).ToArray();
        foreach (var entry in entries)
        {
            // AgendaPlus knows practitioners by RPPS only (no ADELI).
            if (NationalIdentifiers.TryNormalizePractitioner(entry, out var id, out var error) && id.Length == 12 && id[0] == '8')
            {
                if (!practitioners.Contains(id, StringComparer.Ordinal))
                {
                    practitioners.Add(id);
                }
            }
            else
            {
                problems.Add($"Practitioners: '{entry}' is not an RPPS (11 digits, or 12 with the '8' prefix). {error}".TrimEnd());
            }
        }

        if (entries.Length == 0)
        {
            problems.Add("Practitioners is required: a non-empty list of RPPS, e.g. [\"810100050075\"].");
        }

        var batchSize = DefaultBatchSize;
        if (configuration["BatchSize"] is { } rawBatch
            && (!int.TryParse(rawBatch.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out batchSize) || batchSize is < 1 or > MaxBatchSize))
        {
            problems.Add($"BatchSize must be a whole number from 1 to {MaxBatchSize}; got '{rawBatch}'.");
        }

        errors = problems;
        settings = problems.Count == 0 ? new AgendaPlusSettings(baseUrl!, apiKey!, practitioners, batchSize) : null;
        return settings is not null;
    }
}
