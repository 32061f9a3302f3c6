using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Hosting;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Store.Tests;

/// <summary>A real database (a SQLite file, or a fresh PostgreSQL database: <see cref="TestDatabase"/>), deleted afterwards.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;

    private StoreFixture(ServiceProvider services, TestDatabase database, bool ownsDatabase)
    {
        _services = services;
        _database = database;
        _ownsDatabase = ownsDatabase;
    }

    public IServiceProvider Services => _services;

    public ISlotStore Slots => _services.GetRequiredService<ISlotStore>();

    public IConnectorStateStore States => _services.GetRequiredService<IConnectorStateStore>();

    public ISlotChangeStore Changes => _services.GetRequiredService<ISlotChangeStore>();

    public IPushStore Push => _services.GetRequiredService<IPushStore>();

    public IDbContextFactory<HubDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<HubDbContext>>();

    public Core.Appointments.IAppointmentStore Appointments => _services.GetRequiredService<Core.Appointments.IAppointmentStore>();

    public Core.Regulators.IRegulatorAccountStore RegulatorAccounts => _services.GetRequiredService<Core.Regulators.IRegulatorAccountStore>();

    /// <param name="renderer">Renders served JSON at write time (as the host's does); none by default.</param>
    /// <param name="servedCacheMegabytes"><c>Store:ServedCacheMegabytes</c> (null: the default, on; 0: off).</param>
    public static async Task<StoreFixture> CreateAsync(IServedResourceRenderer? renderer = null, int? servedCacheMegabytes = null)
    {
        var database = await TestDatabase.CreateAsync(";Pooling=False");
        var services = await StartAsync(database, renderer, servedCacheMegabytes);
        return new StoreFixture(services, database, ownsDatabase: true);
    }

    /// <summary>Another hub node on the same database: its own services and caches (disposing it leaves the database).</summary>
    public async Task<StoreFixture> AnotherNodeAsync(IServedResourceRenderer? renderer = null, int? servedCacheMegabytes = null) =>
        new(await StartAsync(_database, renderer, servedCacheMegabytes), _database, ownsDatabase: false);

    private static async Task<ServiceProvider> StartAsync(TestDatabase database, IServedResourceRenderer? renderer, int? servedCacheMegabytes)
    {
        var settings = database.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        if (servedCacheMegabytes is { } megabytes)
        {
            settings["Store:ServedCacheMegabytes"] = megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        if (renderer is not null)
        {
            collection.AddSingleton(renderer);
        }

        var services = collection.AddSasInteropStore(configuration).BuildServiceProvider();
        await services.InitializeSasInteropStoreAsync(CancellationToken.None);
        return services;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
