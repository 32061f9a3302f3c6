using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>The connector-specific settings of one <c>sas-fhir</c> instance, read and checked once.</summary>
internal sealed class SasFhirSettings
{
    public const int MaxBatchSize = 25;
    public const string PsFlow = "ps";

    private SasFhirSettings(IReadOnlyList<string> practitioners, int batchSize, Uri baseUrl)
    {
        Practitioners = practitioners;
        BatchSize = batchSize;
        BaseUrl = baseUrl;
    }

    /// <summary>Prefixed national ids, in configuration order, without duplicates.</summary>
    public IReadOnlyList<string> Practitioners { get; }

    public int BatchSize { get; }

    public Uri BaseUrl { get; }

    /// <summary>Reads the section; on failure lists every problem, each readable on its own.</summary>
    public static bool TryRead(IConfigurationSection configuration, [NotNullWhen(true)] out SasFhirSettings? settings, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var practitioners = ReadPractitioners(configuration.GetSection("Practitioners"), problems);
        var batchSize = ReadBatchSize(configuration["BatchSize"], problems);
        var baseUrl = ReadBaseUrl(configuration["BaseUrl"], problems);
        CheckFlow(configuration["Flow"], problems);

        errors = problems;
        settings = problems.Count == 0 ? new SasFhirSettings(practitioners, batchSize, baseUrl!) : null;
        return settings is not null;
    }

    private static List<string> ReadPractitioners(IConfigurationSection section, List<string> problems)
    {
        // An array in JSON; a comma-separated string is accepted too, as environment variables give one.
        var entries = section.Value is { } single
            ? single.Split(',').Select((value, index) => (Key: index.ToString(CultureInfo.InvariantCulture), Value: (string?)value)).ToList()
            : section.GetChildren().Select(child => (child.Key, child.Value)).ToList();

        var normalized = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (NationalIdentifiers.TryNormalizePractitioner(value, out var id, out var error))
            {
                if (seen.Add(id))
                {
                    normalized.Add(id);
                }
            }
            else
            {
                problems.Add($"Practitioners[{key}]: {error}");
            }
        }

        if (entries.Count == 0)
        {
            problems.Add("Practitioners is required: a non-empty list of practitioner national identifiers (RPPS or ADELI, bare or prefixed), e.g. [\"810100050075\"].");
        }

        return normalized;
    }

    private static int ReadBatchSize(string? raw, List<string> problems)
    {
        if (raw is null)
        {
            return MaxBatchSize;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxBatchSize)
        {
            return size;
        }

        problems.Add($"BatchSize must be a whole number from 1 to {MaxBatchSize} (the IG allows at most {MaxBatchSize} practitioners per search); got '{raw}'.");
        return MaxBatchSize;
    }

    private static Uri? ReadBaseUrl(string? raw, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            problems.Add("BaseUrl is required: the publisher's FHIR base URL, e.g. https://publisher.example/fhir.");
            return null;
        }

        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"BaseUrl '{raw}' is not an absolute http(s) URL, e.g. https://publisher.example/fhir.");
            return null;
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            problems.Add($"BaseUrl '{raw}' must not carry a query or fragment: the connector appends /Slot?… to it.");
            return null;
        }

        return url;
    }

    private static void CheckFlow(string? raw, List<string> problems)
    {
        var flow = raw?.Trim();
        if (string.IsNullOrEmpty(flow) || string.Equals(flow, PsFlow, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        problems.Add(flow.ToUpperInvariant() is "CPTS" or "SOS"
            ? $"Flow '{flow}' is not supported yet by the sas-fhir connector; only '{PsFlow}' (PS individuel, INT_R01) is."
            : $"Flow '{flow}' is unknown; the sas-fhir connector supports '{PsFlow}' (PS individuel, INT_R01).");
    }
}
