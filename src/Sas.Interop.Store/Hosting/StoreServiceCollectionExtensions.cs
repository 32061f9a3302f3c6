using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Appointments;
using Sas.Interop.Store.Statistics;

namespace Sas.Interop.Store.Hosting;

/// <summary>Registration of the EF Core canonical store.</summary>
public static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddSasInteropStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(StoreOptions.SectionName).Get<StoreOptions>() ?? new StoreOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Store:ConnectionString is empty: set it to a SQLite connection string such as 'Data Source=data/sas-interop.db'.");
        }

        StoreInitializer.EnsureDatabaseFolder(options.ConnectionString);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddLogging();
        services.AddDbContextFactory<HubDbContext>(db => db.UseSqlite(options.ConnectionString).AddInterceptors(new SqlitePragmaInterceptor()));
        services.AddSingleton<ISlotStore, EfSlotStore>();
        services.AddSingleton<ISlotChangeStore, EfSlotChangeStore>();
        services.AddSingleton<IPushStore, EfPushStore>();
        services.AddSingleton<IConnectorStateStore, EfConnectorStateStore>();
        services.AddSingleton<IAppointmentStore, EfAppointmentStore>();
        services.AddSingleton<StoreInitializer>();
        services.AddSasInteropStatistics();
        return services;
    }

    /// <summary>Creates the schema if needed; call once before serving.</summary>
    public static Task InitializeSasInteropStoreAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<StoreInitializer>().InitializeAsync(cancellationToken);

    /// <summary>Readiness: the store answers a query.</summary>
    public static IHealthChecksBuilder AddStoreHealthCheck(this IHealthChecksBuilder builder) =>
        builder.AddDbContextCheck<HubDbContext>("store", tags: ["ready"]);
}
