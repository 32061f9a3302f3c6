using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Host.Hosting;

namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>
/// The real hub (Kestrel on 127.0.0.1, SQLite file, Quartz), built exactly as Program builds it. A copy of
/// Host.Tests' harness rather than a move to Sas.Interop.Testing: that library is referenced by every test
/// project, which would then all build the host and see its internals.
/// </summary>
internal sealed class RunningHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private RunningHub(WebApplication app, string folder, string baseUrl)
    {
        _app = app;
        _folder = folder;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public static async Task<RunningHub> StartAsync(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? configureServices = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-conformance-" + Guid.NewGuid().ToString("N"));
        var args = new List<string> { "--urls", "http://127.0.0.1:0", $"--Store:ConnectionString=Data Source={Path.Combine(folder, "hub.db")}" };
        args.AddRange(settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = await HubApplication.BuildAsync([.. args], configureServices, CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHub(app, folder, address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort on a temp folder.
        }
    }
}
