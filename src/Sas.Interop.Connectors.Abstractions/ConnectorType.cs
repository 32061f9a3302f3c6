using Microsoft.Extensions.Configuration;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// A kind of connector (the <c>Type</c> in configuration, e.g. <c>sas-fhir</c>). Registered once with
/// <see cref="ConnectorServiceCollectionExtensions.AddConnectorType{T}"/>; builds one
/// <see cref="IAgendaConnector"/> per configured instance.
/// </summary>
public abstract class ConnectorType
{
    /// <summary>The value of <c>Connectors:&lt;id&gt;:Type</c> that selects this connector.</summary>
    public abstract string Name { get; }

    /// <summary>Readable problems with an instance's connector-specific settings; empty when valid.</summary>
    public virtual IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration) => [];

    public abstract IAgendaConnector Create(ConnectorCreationContext context);
}
