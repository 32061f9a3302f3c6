using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Ingestion.Pull;
using Sas.Interop.Ingestion.Push;

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

    /// <summary>The push entrance (a publisher's writes, normalised and written under its own source), called by the host's push API.</summary>
    public static IServiceCollection AddPushIngestion(this IServiceCollection services)
    {
        services.TryAddSingleton<FhirNormalizer>();
        services.TryAddSingleton<PublisherLocks>();
        services.TryAddSingleton<PushProcessor>();
        return services;
    }
}
