using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Hosting;

namespace Sas.Interop.Store.Tests;

/// <summary>A real SQLite file in a temporary folder, deleted afterwards.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;

    private StoreFixture(ServiceProvider services, string folder)
    {
        _services = services;
        _folder = folder;
    }

    public ISlotStore Slots => _services.GetRequiredService<ISlotStore>();

    public IConnectorStateStore States => _services.GetRequiredService<IConnectorStateStore>();

    public ISlotChangeStore Changes => _services.GetRequiredService<ISlotChangeStore>();

    public IPushStore Push => _services.GetRequiredService<IPushStore>();

    public IDbContextFactory<HubDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<HubDbContext>>();

    public Core.Appointments.IAppointmentStore Appointments => _services.GetRequiredService<Core.Appointments.IAppointmentStore>();

    public static async Task<StoreFixture> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-store-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:ConnectionString"] = $"Data Source={Path.Combine(folder, "hub.db")};Pooling=False" })
            .Build();
        var services = new ServiceCollection().AddSasInteropStore(configuration).BuildServiceProvider();
        await services.InitializeSasInteropStoreAsync(CancellationToken.None);
        return new StoreFixture(services, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a locked temp file must not fail the test.
        }
    }
}
