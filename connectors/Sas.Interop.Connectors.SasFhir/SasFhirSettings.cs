using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>The connector-specific settings of one <c>sas-fhir</c> instance, read and checked once.</summary>
internal sealed class SasFhirSettings
{
    public const int MaxBatchSize = 25;

    /// <summary>The SAS functional spec sends 1 to 10 SIRETs per SOS search (the technical table allows 25).</summary>
    public const int DefaultSosBatchSize = 10;

    public const string PsFlow = "ps";
    public const string CptsFlow = "cpts";
    public const string SosFlow = "sos";
    public const string StructureFlow = "structure";

    private const string SupportedFlows = "'ps' (PS individuel, INT_R01), 'cpts' (CPTS, INT_R04), 'sos' (SOS Médecins) and 'structure' (structure agendas: centres de santé, MSP…)";

    private SasFhirSettings(SasFhirFlow flow, IReadOnlyList<string> roster, int batchSize, Uri baseUrl)
    {
        Flow = flow;
        Roster = roster;
        BatchSize = batchSize;
        BaseUrl = baseUrl;
    }

    public SasFhirFlow Flow { get; }

    /// <summary>
    /// What the searches are keyed on, in configuration order, without duplicates: prefixed practitioner national
    /// ids (ps, cpts) or prefixed SIRETs, <c>3</c>+14 digits (sos).
    /// </summary>
    public IReadOnlyList<string> Roster { get; }

    public SyncScopeKind ScopeKind => Flow is SasFhirFlow.Sos or SasFhirFlow.Structure ? SyncScopeKind.Organization : SyncScopeKind.Practitioner;

    /// <summary>What a roster entry is, for log lines: "practitioners" or "associations".</summary>
    public string RosterNoun => Flow switch { SasFhirFlow.Sos => "associations", SasFhirFlow.Structure => "structures", _ => "practitioners" };

    public int BatchSize { get; }

    public Uri BaseUrl { get; }

    /// <summary>Reads the section; on failure lists every problem, each readable on its own.</summary>
    public static bool TryRead(IConfigurationSection configuration, [NotNullWhen(true)] out SasFhirSettings? settings, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var flow = ReadFlow(configuration["Flow"], problems);
        var roster = flow == SasFhirFlow.Structure
            ? ReadStructureRoster(configuration, problems)
            : flow == SasFhirFlow.Sos
            ? ReadOrganizationRoster(configuration, problems)
            : ReadPractitionerRoster(configuration, configuration["Flow"]?.Trim() is { Length: > 0 } name ? name : PsFlow, problems);
        var batchSize = ReadBatchSize(configuration["BatchSize"], flow, problems);
        var baseUrl = ReadBaseUrl(configuration["BaseUrl"], problems);

        errors = problems;
        settings = problems.Count == 0 ? new SasFhirSettings(flow, roster, batchSize, baseUrl!) : null;
        return settings is not null;
    }

    /// <summary>The flow asked; an unknown one is reported and read as <c>ps</c> so the rest is still checked.</summary>
    private static SasFhirFlow ReadFlow(string? raw, List<string> problems)
    {
        var flow = raw?.Trim();
        if (string.IsNullOrEmpty(flow) || string.Equals(flow, PsFlow, StringComparison.OrdinalIgnoreCase))
        {
            return SasFhirFlow.Ps;
        }

        if (string.Equals(flow, CptsFlow, StringComparison.OrdinalIgnoreCase))
        {
            return SasFhirFlow.Cpts;
        }

        if (string.Equals(flow, SosFlow, StringComparison.OrdinalIgnoreCase))
        {
            return SasFhirFlow.Sos;
        }

        if (string.Equals(flow, StructureFlow, StringComparison.OrdinalIgnoreCase))
        {
            return SasFhirFlow.Structure;
        }

        problems.Add($"Flow '{flow}' is unknown; the sas-fhir connector supports {SupportedFlows}.");
        return SasFhirFlow.Ps;
    }

    private static List<string> ReadPractitionerRoster(IConfigurationSection configuration, string flowName, List<string> problems)
    {
        if (configuration.GetSection("Organizations").Exists())
        {
            problems.Add($"Organizations is only used by Flow 'sos' (SOS Médecins associations); Flow '{flowName}' searches by practitioner: list them under Practitioners.");
        }

        var practitioners = ReadRoster(configuration.GetSection("Practitioners"), "Practitioners", NationalIdentifiers.TryNormalizePractitioner, problems);
        if (practitioners is null)
        {
            problems.Add("Practitioners is required: a non-empty list of practitioner national identifiers (RPPS or ADELI, bare or prefixed), e.g. [\"810100050075\"].");
        }

        return practitioners ?? [];
    }

    private static List<string> ReadOrganizationRoster(IConfigurationSection configuration, List<string> problems)
    {
        if (configuration.GetSection("Practitioners").Exists())
        {
            problems.Add("Practitioners is not used by Flow 'sos': the SOS Médecins search is by association; list their SIRETs under Organizations.");
        }

        var organizations = ReadRoster(configuration.GetSection("Organizations"), "Organizations", NationalIdentifiers.TryNormalizeSiret, problems);
        if (organizations is null)
        {
            problems.Add("Organizations is required for Flow 'sos': a non-empty list of SOS Médecins association SIRETs (14 digits, bare or with the '3' prefix), e.g. [\"34173748400020\"].");
        }

        return organizations ?? [];
    }

    private static List<string> ReadStructureRoster(IConfigurationSection configuration, List<string> problems)
    {
        if (configuration.GetSection("Practitioners").Exists())
        {
            problems.Add("Practitioners is not used by Flow 'structure': structure agendas are searched by structure; list their FINESS or SIRET under Organizations.");
        }

        var organizations = ReadRoster(configuration.GetSection("Organizations"), "Organizations", NationalIdentifiers.TryNormalizeFinessOrSiret, problems);
        if (organizations is null)
        {
            problems.Add("Organizations is required for Flow 'structure': a non-empty list of structures (centres de santé, MSP…) by FINESS (9 characters, or 10 with the '1' prefix) or SIRET (14 digits, or 15 with the '3' prefix), e.g. [\"1750000000\"].");
        }

        return organizations ?? [];
    }

    /// <summary>The normalised, de-duplicated entries; null when the list is missing or empty.</summary>
    private static List<string>? ReadRoster(IConfigurationSection section, string key, Normalizer normalize, List<string> problems)
    {
        // An array in JSON; a comma-separated string is accepted too, as environment variables give one.
        var entries = section.Value is { } single
            ? single.Split(',').Select((value, index) => (Key: index.ToString(CultureInfo.InvariantCulture), Value: (string?)value)).ToList()
            : section.GetChildren().Select(child => (child.Key, child.Value)).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var normalized = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, value) in entries)
        {
            if (normalize(value, out var id, out var error))
            {
                if (seen.Add(id))
                {
                    normalized.Add(id);
                }
            }
            else
            {
                problems.Add($"{key}[{index}]: {error}");
            }
        }

        return normalized;
    }

    private static int ReadBatchSize(string? raw, SasFhirFlow flow, List<string> problems)
    {
        var defaultSize = flow is SasFhirFlow.Sos or SasFhirFlow.Structure ? DefaultSosBatchSize : MaxBatchSize;
        if (raw is null)
        {
            return defaultSize;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxBatchSize)
        {
            return size;
        }

        problems.Add(flow is SasFhirFlow.Sos or SasFhirFlow.Structure
            ? $"BatchSize must be a whole number from 1 to {MaxBatchSize} (the IG allows at most {MaxBatchSize} SIRETs per SOS search; the SAS itself sends at most {DefaultSosBatchSize}); got '{raw}'."
            : $"BatchSize must be a whole number from 1 to {MaxBatchSize} (the IG allows at most {MaxBatchSize} practitioners per search); got '{raw}'.");
        return defaultSize;
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
            problems.Add($"BaseUrl '{raw}' must not carry a query or fragment: the connector appends /Slot?… or /Schedule?… to it.");
            return null;
        }

        return url;
    }

    private delegate bool Normalizer(string? raw, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error);
}
