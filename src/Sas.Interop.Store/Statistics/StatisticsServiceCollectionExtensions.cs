using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Statistics;

namespace Sas.Interop.Store.Statistics;

internal static class StatisticsServiceCollectionExtensions
{
    public static IServiceCollection AddSasInteropStatistics(this IServiceCollection services)
    {
        services.AddSingleton<IStatisticsStore, EfStatisticsStore>();
        services.AddSingleton<IConnectorPauseStore, EfConnectorPauseStore>();
        services.AddSingleton<IFeedQualityStore, EfFeedQualityStore>();
        return services;
    }
}
