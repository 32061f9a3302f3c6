using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// <c>Type = smart-scheduling</c>: a SMART Scheduling Links publisher (<c>$bulk-publish</c> manifest, NDJSON files).
/// </summary>
/// <remarks>
/// Settings: <c>BaseUrl</c> (required; manifest at <c>{BaseUrl}/$bulk-publish</c>), <c>Practitioners</c>
/// (required: national ids taken from the feed; other schedules are skipped), <c>FullSnapshotEvery</c> (default 12:
/// one run in 12 is a full snapshot, the others incremental with <c>_since</c>), <c>AllowedFileHosts</c> (host names
/// the NDJSON files may be on besides the manifest's host), <c>Flow</c> (<c>ps</c> by default; <c>structure</c>:
/// Location-only Schedules served as structure agendas, roster under <c>Organizations</c> — FINESS or SIRET — instead
/// of <c>Practitioners</c>, optional <c>StructureType</c> <c>CDS</c>/<c>MSP</c>).
/// </remarks>
public sealed class SmartSchedulingConnectorType : ConnectorType
{
    public const string TypeName = "smart-scheduling";

    public override string Name => TypeName;

    public override IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration)
    {
        SmartSchedulingSettings.TryRead(configuration, out _, out var errors);
        return errors;
    }

    public override SourceRoster? ReadRoster(IConfigurationSection configuration) =>
        SmartSchedulingSettings.TryRead(configuration, out var settings, out _) ? new SourceRoster(settings.ScopeKind, settings.Roster) : null;

    public override IAgendaConnector Create(ConnectorCreationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SmartSchedulingSettings.TryRead(context.Configuration, out var settings, out var errors))
        {
            throw new InvalidOperationException($"Connector instance '{context.InstanceId}' ({TypeName}) is misconfigured: {string.Join(" ", errors)}");
        }

        return new SmartSchedulingConnector(context, settings);
    }
}
