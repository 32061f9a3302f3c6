using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>
/// <c>Type = sas-fhir</c>: a publisher that implements the ANS SAS IG. The connector asks it exactly what the
/// SAS would ask, for its roster of practitioners, in batches of at most 25.
/// </summary>
/// <remarks>
/// Settings: <c>BaseUrl</c> (required, absolute http(s), may have a path), <c>Practitioners</c> (required,
/// national ids bare or prefixed), <c>BatchSize</c> (1–25, default 25), <c>Flow</c> (optional, <c>ps</c>).
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
