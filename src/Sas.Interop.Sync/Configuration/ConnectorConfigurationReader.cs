using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Sync.Configuration;

/// <summary>Reads and checks the generic part of <c>Connectors:*</c>, collecting every problem instead of stopping at the first.</summary>
internal static class ConnectorConfigurationReader
{
    public const string SectionName = "Connectors";

    /// <summary>The connector type whose publishers may receive regulator accounts.</summary>
    public const string RegulatorAccountsType = "sas-fhir";

    public static IReadOnlyList<ConnectorInstance> Read(IConfiguration configuration, List<string> problems)
    {
        var instances = new List<ConnectorInstance>();
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            if (ReadInstance(section, problems) is { } instance)
            {
                instances.Add(instance);
            }
        }

        return instances;
    }

    /// <summary>One instance from its section <c>Connectors:&lt;id&gt;</c>; null, with its problems added, when invalid.</summary>
    public static ConnectorInstance? ReadInstance(IConfigurationSection section, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(problems);
        var id = section.Key;
        var prefix = $"Connectors:{id}";
        if (!InstanceIds.IsValid(id))
        {
            problems.Add($"{prefix}: instance id '{id}' is invalid ({InstanceIds.Rule}).");
            return null;
        }

        ConnectorInstanceOptions options;
        try
        {
            options = section.Get<ConnectorInstanceOptions>() ?? new ConnectorInstanceOptions();
        }
        catch (InvalidOperationException ex)
        {
            problems.Add($"{prefix}: {ex.Message}");
            return null;
        }

        var before = problems.Count;
        if (string.IsNullOrWhiteSpace(options.Type))
        {
            problems.Add($"{prefix}:Type is missing (e.g. 'sas-fhir').");
        }

        Uri? baseAddress = null;
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            problems.Add($"{prefix}:BaseUrl is missing.");
        }
        else if (!Uri.TryCreate(options.BaseUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{prefix}:BaseUrl '{options.BaseUrl}' is not an absolute http(s) URL.");
        }
        else
        {
            // A trailing slash makes relative request paths land under the base path, not replace its last segment.
            baseAddress = new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/");
        }

        if (!SyncSchedule.TryParse(options.Schedule, out var schedule, out var scheduleError))
        {
            problems.Add($"{prefix}:{scheduleError}");
        }

        if (options.WindowHours is < 1 or > 24 * 31)
        {
            problems.Add($"{prefix}:WindowHours must be between 1 and {24 * 31} (got {options.WindowHours}).");
        }

        problems.AddRange(options.Resilience.Validate().Select(p => $"{prefix}:{p}"));
        if (options.RegulatorAccounts && options.Type is { } type && type != RegulatorAccountsType)
        {
            problems.Add($"{prefix}:RegulatorAccounts: regulator accounts (INT_R02) are FHIR Practitioner writes, sent to '{RegulatorAccountsType}' publishers only, not to a '{type}' one.");
        }

        // Certificates are read now, once: a missing file or a wrong password stops the start-up naming the key.
        var tls = OutboundTls.Load(options.Tls, $"{prefix}:Tls", problems);
        return problems.Count == before ? new ConnectorInstance(id, options, schedule!, baseAddress!, section, tls) : null;
    }
}
