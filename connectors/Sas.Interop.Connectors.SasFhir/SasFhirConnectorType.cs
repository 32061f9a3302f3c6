using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>
/// <c>Type = sas-fhir</c>: a publisher that implements the ANS SAS IG. The connector asks it exactly what the
/// SAS would ask, for its roster (practitioners, or SOS Médecins associations), in batches of at most 25.
/// </summary>
/// <remarks>
/// Settings: <c>BaseUrl</c> (required, absolute http(s), may have a path); <c>Flow</c> (optional,
/// case-insensitive: <c>ps</c> by default, <c>cpts</c>, <c>sos</c>, <c>structure</c>); <c>Practitioners</c> (required
/// for ps and cpts, national ids bare or prefixed); <c>Organizations</c> (required for sos and structure, and only
/// there: association SIRETs, 14 digits bare or with the <c>3</c> prefix; for structure, FINESS or SIRET, bare or
/// prefixed); <c>BatchSize</c> (1–25; default 25, 10 for sos and structure).
/// </remarks>
public sealed class SasFhirConnectorType : ConnectorType
{
    public const string TypeName = "sas-fhir";

    public override string Name => TypeName;

    public override IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration)
    {
        SasFhirSettings.TryRead(configuration, out _, out var errors);
        return errors;
    }

    public override SourceRoster? ReadRoster(IConfigurationSection configuration) =>
        SasFhirSettings.TryRead(configuration, out var settings, out _) ? new SourceRoster(settings.ScopeKind, settings.Roster) : null;

    /// <summary>The IG's SOS search names associations by SIRET: an <c>sos</c> instance cannot fetch a FINESS.</summary>
    public override string? RosterKeyProblem(string key, IConfigurationSection configuration)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(configuration);
        return key.StartsWith('1') && SasFhirSettings.TryRead(configuration, out var settings, out _) && settings.Flow == SasFhirFlow.Sos
            ? "An 'sos' instance searches SOS Médecins associations by SIRET; a FINESS structure belongs on a 'structure' instance."
            : null;
    }

    public override IAgendaConnector Create(ConnectorCreationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SasFhirSettings.TryRead(context.Configuration, out var settings, out var errors))
        {
            throw new InvalidOperationException($"Connector instance '{context.InstanceId}' ({TypeName}) is misconfigured: {string.Join(" ", errors)}");
        }

        return new SasFhirConnector(context, settings);
    }
}
