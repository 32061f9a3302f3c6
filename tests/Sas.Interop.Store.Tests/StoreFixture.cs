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

    private StoreFixture(ServiceProvider services, TestDatabase database)
    {
        _services = services;
        _database = database;
    }

    public ISlotStore Slots => _services.GetRequiredService<ISlotStore>();

    public IConnectorStateStore States => _services.GetRequiredService<IConnectorStateStore>();

    public ISlotChangeStore Changes => _services.GetRequiredService<ISlotChangeStore>();

    public IPushStore Push => _services.GetRequiredService<IPushStore>();

    public IDbContextFactory<HubDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<HubDbContext>>();

    public Core.Appointments.IAppointmentStore Appointments => _services.GetRequiredService<Core.Appointments.IAppointmentStore>();

    /// <param name="renderer">Renders served JSON at write time (as the host's does); none by default.</param>
    public static async Task<StoreFixture> CreateAsync(IServedResourceRenderer? renderer = null)
    {
        var database = await TestDatabase.CreateAsync(";Pooling=False");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(database.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))
            .Build();
        var collection = new ServiceCollection();
        if (renderer is not null)
        {
            collection.AddSingleton(renderer);
        }

        var services = collection.AddSasInteropStore(configuration).BuildServiceProvider();
        await services.InitializeSasInteropStoreAsync(CancellationToken.None);
        return new StoreFixture(services, database);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
