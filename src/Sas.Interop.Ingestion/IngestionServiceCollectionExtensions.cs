using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Ingestion.Pull;

namespace Sas.Interop.Ingestion;

/// <summary>Registration of the ingestion pipeline's entrances; the stores they write to are registered by Store.</summary>
public static class IngestionServiceCollectionExtensions
{
    /// <summary>The pull entrance (a connector's batch, normalised and written), called by the connector runtime.</summary>
    public static IServiceCollection AddPullIngestion(this IServiceCollection services)
    {
        services.TryAddSingleton<FhirNormalizer>();
        services.TryAddSingleton<PulledBatchIngestion>();
        return services;
    }
}
