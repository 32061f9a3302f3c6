using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>Registration of connector types, in the style of <c>AddX()</c> extension points.</summary>
public static class ConnectorServiceCollectionExtensions
{
    public static IServiceCollection AddConnectorType<T>(this IServiceCollection services)
        where T : ConnectorType
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ConnectorType, T>());
        return services;
    }
}
