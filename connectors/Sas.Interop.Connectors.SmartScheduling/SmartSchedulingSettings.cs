using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>The settings of one <c>smart-scheduling</c> instance.</summary>
internal sealed class SmartSchedulingSettings
{
    public const int DefaultFullSnapshotEvery = 12;
    public const int BatchSize = 25;

    public const string PsFlow = "ps";
    public const string StructureFlow = "structure";

    private SmartSchedulingSettings(Uri baseUrl, StructureAgendaSettings? structures, IReadOnlyList<string> roster, int fullSnapshotEvery, IReadOnlyList<string> allowedFileHosts)
    {
        BaseUrl = baseUrl;
        Structures = structures;
        Roster = roster;
        FullSnapshotEvery = fullSnapshotEvery;
        AllowedFileHosts = allowedFileHosts;
    }

    /// <summary>Publisher base; the manifest is <c>{BaseUrl}/$bulk-publish</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary><c>Flow: structure</c>: the instance serves Location-only Schedules as structure agendas; null for <c>ps</c>.</summary>
    public StructureAgendaSettings? Structures { get; }

    /// <summary>
    /// The roster seed, prefixed: practitioner national ids (<c>ps</c>), or structures' <c>1</c>+FINESS / <c>3</c>+SIRET
    /// (<c>structure</c>).
    /// </summary>
    public IReadOnlyList<string> Roster { get; }

    /// <summary>One kind per instance: the hub's roster, withdrawals and batch scopes are of one kind.</summary>
    public SyncScopeKind ScopeKind => Structures is null ? SyncScopeKind.Practitioner : SyncScopeKind.Organization;

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

        var structures = ReadFlow(configuration, problems);
        var roster = structures is null
            ? ReadRoster(configuration, "Practitioners", NationalIdentifiers.TryNormalizePractitioner, "Practitioners is required: the national ids (RPPS/ADELI) whose schedules this hub takes from the publisher.", problems)
            : ReadRoster(configuration, "Organizations", NationalIdentifiers.TryNormalizeFinessOrSiret, "Organizations is required for Flow 'structure': the structures (centres de santé, MSP…) whose Location-only Schedules this hub takes, by FINESS (9 characters, or 10 with the '1' prefix) or SIRET (14 digits, or 15 with the '3' prefix), e.g. [\"1750000000\"].", problems);

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
        settings = problems.Count == 0 ? new SmartSchedulingSettings(baseUrl!, structures, roster, every, hosts) : null;
        return settings is not null;
    }

    /// <summary>
    /// <c>Flow</c> (<c>ps</c> by default, or <c>structure</c>) and the keys only one flow uses; null for <c>ps</c>. An
    /// unknown flow is reported and read as <c>ps</c>, so the rest is still checked.
    /// </summary>
    private static StructureAgendaSettings? ReadFlow(IConfigurationSection configuration, List<string> problems)
    {
        var flow = configuration["Flow"]?.Trim();
        var structure = string.Equals(flow, StructureFlow, StringComparison.OrdinalIgnoreCase);
        if (!structure && !string.IsNullOrEmpty(flow) && !string.Equals(flow, PsFlow, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Flow '{flow}' is unknown; the smart-scheduling connector supports 'ps' (the default: Schedules naming a practitioner, roster under Practitioners) and 'structure' (Location-only Schedules as structure agendas, roster under Organizations).");
        }

        var rawType = configuration["StructureType"]?.Trim();
        if (!structure)
        {
            if (configuration.GetSection("Organizations").Exists())
            {
                problems.Add("Organizations is only used by Flow 'structure'; this instance reads Schedules naming a practitioner: list them under Practitioners, or set Flow to 'structure'.");
            }

            if (rawType is not null)
            {
                problems.Add("StructureType is only used by Flow 'structure' (the kind of the structures whose Location-only Schedules the instance serves).");
            }

            return null;
        }

        if (configuration.GetSection("Practitioners").Exists())
        {
            problems.Add("Practitioners is not used by Flow 'structure': structure agendas are rostered by structure; list their FINESS or SIRET under Organizations (a feed that also has practitioners' Schedules needs a second instance with Flow 'ps').");
        }

        string? structureType = null;
        if (!string.IsNullOrEmpty(rawType))
        {
            structureType = StructureAgendaSettings.Types.FirstOrDefault(t => string.Equals(t, rawType, StringComparison.OrdinalIgnoreCase));
            if (structureType is null)
            {
                problems.Add($"StructureType '{rawType}' is unknown: '{StructureTypes.Cds}' (centres de santé) or '{StructureTypes.Msp}' (maisons de santé pluriprofessionnelles); leave it out and a FINESS structure counts as '{StructureTypes.Other}', a SIRET one as '{StructureTypes.Sos}'.");
            }
        }

        return new StructureAgendaSettings(structureType);
    }

    /// <summary>The normalised, de-duplicated entries of a roster list (an array, or one comma-separated string).</summary>
    private static List<string> ReadRoster(IConfigurationSection configuration, string key, Normalizer normalize, string required, List<string> problems)
    {
        var roster = new List<string>();
        var section = configuration.GetSection(key);
        var entries = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(child => child.Value).ToArray();
        foreach (var entry in entries)
        {
            if (normalize(entry, out var id, out var error))
            {
                if (!roster.Contains(id, StringComparer.Ordinal))
                {
                    roster.Add(id);
                }
            }
            else
            {
                problems.Add($"{key}: {error}");
            }
        }

        if (entries.Length == 0)
        {
            problems.Add(required);
        }

        return roster;
    }

    private delegate bool Normalizer(string? raw, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error);
}
