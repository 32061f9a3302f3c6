using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>
/// <c>Type = sas-fhir</c>: a publisher that implements the ANS SAS IG. The connector asks it exactly what the
/// SAS would ask, for its roster of practitioners, in batches of at most 25.
/// </summary>
public sealed class SasFhirConnectorType : ConnectorType
{
    public const string TypeName = "sas-fhir";

    public override string Name => TypeName;

    public override IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration) =>
        throw new NotImplementedException();

    public override IAgendaConnector Create(ConnectorCreationContext context) =>
        throw new NotImplementedException();
}
