using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Host.Hosting;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// The real hub (Kestrel on 127.0.0.1, Quartz, the store of <see cref="TestDatabase"/>), built exactly as Program
/// builds it (as Host.Tests' RunningHub does), with a <see cref="FakeTimeProvider"/> as its clock. Unlike RunningHub it
/// owns its database beyond one process: <see cref="RestartAsync"/> stops the hub and starts a new one with a new
/// configuration on the same database, as an operator's restart does.
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    public const string AdminKey = "model-admin-key-5e1d";

    private readonly TestDatabase _database;
    private WebApplication? _app;

    private HubProcess(TestDatabase database, FakeTimeProvider clock)
    {
        _database = database;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>Admin client of the running hub (sends the admin key).</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>A client with no key (SAS reads: no consumer is configured, so reads are open).</summary>
    public HttpClient Reader { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<HubProcess> StartAsync(IReadOnlyDictionary<string, string> settings, FakeTimeProvider clock)
    {
        var database = await TestDatabase.CreateAsync();
        var hub = new HubProcess(database, clock);
        try
        {
            await hub.StartAppAsync(settings);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return hub;
    }

    /// <summary>Graceful stop, then a start on the same database with <paramref name="settings"/> (configuration is read only at start-up).</summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string> settings)
    {
        await StopAppAsync();
        await StartAppAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        await _database.DisposeAsync();
    }

    private async Task StartAppAsync(IReadOnlyDictionary<string, string> settings)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0", $"--Admin:ApiKeys:0={AdminKey}", "--Serilog:MinimumLevel:Default=Warning" };
        args.AddRange(_database.Settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        args.AddRange(settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = await HubApplication.BuildAsync([.. args], services => services.AddSingleton<TimeProvider>(Clock), CancellationToken.None);
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/";
        Admin = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        Reader = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    private async Task StopAppAsync()
    {
        if (_app is null)
        {
            return;
        }

        Admin.Dispose();
        Reader.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }
}
