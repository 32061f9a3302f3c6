using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.AgendaPlus;

/// <summary>
/// <c>Type = agenda-plus</c>: the AgendaPlus booking platform (proprietary JSON API, API key). For each practitioner
/// of the roster: agendas (practice places), visit motives, then availabilities per motive, week by week.
/// </summary>
/// <remarks>
/// Settings: <c>BaseUrl</c> (required), <c>ApiKey</c> (required, sent as <c>X-AgendaPlus-Key</c>),
/// <c>Practitioners</c> (required, RPPS bare or with the <c>8</c> prefix), <c>BatchSize</c> (1–25, default 10:
/// practitioners per batch, i.e. per scope replaced at once).
/// </remarks>
public sealed class AgendaPlusConnectorType : ConnectorType
{
    public const string TypeName = "agenda-plus";

    public override string Name => TypeName;

    public override IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration)
    {
        AgendaPlusSettings.TryRead(configuration, out _, out var errors);
        return errors;
    }

    public override SourceRoster? ReadRoster(IConfigurationSection configuration) =>
        AgendaPlusSettings.TryRead(configuration, out var settings, out _) ? new SourceRoster(SyncScopeKind.Practitioner, settings.Practitioners) : null;

    public override string? RosterKeyProblem(string key) =>
        key is { Length: 12 } && key[0] == '8' ? null : "AgendaPlus knows practitioners by RPPS only.";

    public override IAgendaConnector Create(ConnectorCreationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!AgendaPlusSettings.TryRead(context.Configuration, out var settings, out var errors))
        {
            throw new InvalidOperationException($"Connector instance '{context.InstanceId}' ({TypeName}) is misconfigured: {string.Join(" ", errors)}");
        }

        return new AgendaPlusConnector(context, settings);
    }
}
