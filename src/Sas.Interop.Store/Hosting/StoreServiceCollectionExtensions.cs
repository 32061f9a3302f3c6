using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Appointments;
using Sas.Interop.Store.Regulators;
using Sas.Interop.Store.Statistics;

namespace Sas.Interop.Store.Hosting;

/// <summary>Registration of the EF Core canonical store.</summary>
public static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddSasInteropStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(StoreOptions.SectionName).Get<StoreOptions>() ?? new StoreOptions();
        var provider = StoreDatabase.ParseProvider(options.Provider);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(provider == StoreProvider.Sqlite
                ? "Store:ConnectionString is empty: set it to a SQLite connection string such as 'Data Source=data/sas-interop.db'."
                : "Store:ConnectionString is empty: set it to a PostgreSQL connection string such as 'Host=db.example;Database=sas_interop;Username=sas_interop;Password=…'.");
        }

        if (options.ServedCacheMegabytes < 0)
        {
            throw new InvalidOperationException($"Store:ServedCacheMegabytes is {options.ServedCacheMegabytes}: give the served-agenda cache's memory in MiB (e.g. 256), or 0 to turn it off.");
        }

        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddLogging();
        if (provider == StoreProvider.Sqlite)
        {
            StoreInitializer.EnsureDatabaseFolder(options.ConnectionString);
            services.AddPooledDbContextFactory<SqliteHubDbContext>((sp, db) => StoreDatabase.Configure(db, provider, options.ConnectionString));
            services.AddSingleton<IDbContextFactory<HubDbContext>, HubDbContextFactory<SqliteHubDbContext>>();
        }
        else
        {
            ValidatePostgresConnectionString(options.ConnectionString);
            services.AddPooledDbContextFactory<PostgresHubDbContext>((sp, db) => StoreDatabase.Configure(db, provider, options.ConnectionString));
            services.AddSingleton<IDbContextFactory<HubDbContext>, HubDbContextFactory<PostgresHubDbContext>>();
            services.AddSingleton<ISyncLock>(new PostgresAdvisorySyncLock(options.ConnectionString));
        }

        // The readiness check resolves a context from a scope.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<HubDbContext>>().CreateDbContext());
        services.AddSingleton<ServedAgendaCache>();
        services.AddSingleton<ISlotStore, EfSlotStore>();
        services.AddSingleton<IStandardDurationStore, EfStandardDurationStore>();
        services.AddSingleton<IServedResourceStore, EfServedResourceStore>();
        services.AddSingleton<IUnavailabilityStore, EfUnavailabilityStore>();
        services.AddSingleton<IUnavailabilityNotificationStore, Unavailabilities.EfUnavailabilityNotificationStore>();
        services.AddSingleton<ISlotChangeStore, EfSlotChangeStore>();
        services.AddSingleton<IPushStore, EfPushStore>();
        services.AddSingleton<IConnectorStateStore, EfConnectorStateStore>();
        services.AddSingleton<IAppointmentStore, EfAppointmentStore>();
        services.AddSingleton<IRegulatorAccountStore, EfRegulatorAccountStore>();
        services.AddSingleton<IBookingRightsStore, EfBookingRightsStore>();
        services.AddSingleton<ISourceWithdrawalStore, EfSourceWithdrawalStore>();
        services.AddSingleton<ISourceRosterStore, EfSourceRosterStore>();
        services.AddSingleton<IIdentityVigilanceStore, EfIdentityVigilanceStore>();
        services.AddSingleton<StoreInitializer>();
        services.AddSasInteropStatistics();
        return services;
    }

    private static void ValidatePostgresConnectionString(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"Store:ConnectionString is not a PostgreSQL connection string ({ex.Message}): expected e.g. 'Host=db.example;Database=sas_interop;Username=sas_interop;Password=…'.", ex);
        }
    }

    /// <summary>Brings the schema up to date (migrations) if allowed; call once before serving.</summary>
    public static Task InitializeSasInteropStoreAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<StoreInitializer>().InitializeAsync(cancellationToken);

    /// <summary>Applies pending migrations (the host's <c>migrate</c> command); returns their names.</summary>
    public static Task<IReadOnlyList<string>> MigrateSasInteropStoreAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<StoreInitializer>().MigrateAsync(cancellationToken);

    /// <summary>Readiness: the store answers a query.</summary>
    public static IHealthChecksBuilder AddStoreHealthCheck(this IHealthChecksBuilder builder) =>
        builder.AddDbContextCheck<HubDbContext>("store", tags: ["ready"]);
}
