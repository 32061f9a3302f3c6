using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Connectors.AgendaPlus;
using Sas.Interop.Connectors.SasFhir;
using Sas.Interop.Connectors.SmartScheduling;

namespace Sas.Interop.Host.Hosting;

/// <summary>The connector types shipped with the hub (<c>connectors/</c>); a configured instance names one by its type name.</summary>
internal static class BuiltInConnectors
{
    public static IServiceCollection AddBuiltInConnectors(this IServiceCollection services)
    {
        services.AddConnectorType<SasFhirConnectorType>();
        services.AddConnectorType<SmartSchedulingConnectorType>();
        services.AddConnectorType<AgendaPlusConnectorType>();
        return services;
    }
}
