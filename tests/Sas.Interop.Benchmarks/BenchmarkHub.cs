using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Host.Hosting;

namespace Sas.Interop.Benchmarks;

/// <summary>
/// The real hub, built by <see cref="HubApplication"/> exactly as Program builds it, on 127.0.0.1 with a SQLite
/// file in a temp folder that is deleted on dispose. Logs at Warning so the console stays readable.
/// </summary>
internal sealed class BenchmarkHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private BenchmarkHub(WebApplication app, string folder, Uri baseAddress)
    {
        _app = app;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    /// <summary>The hub root, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public ISlotStore Store => _app.Services.GetRequiredService<ISlotStore>();

    public string DatabasePath => Path.Combine(_folder, "hub.db");

    public static async Task<BenchmarkHub> StartAsync(IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-bench-" + Guid.NewGuid().ToString("N"));
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--Store:ConnectionString=Data Source={Path.Combine(folder, "hub.db")}",
            "--Serilog:MinimumLevel:Default=Warning",
        };
        args.AddRange((settings ?? new Dictionary<string, string>()).Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = await HubApplication.BuildAsync([.. args], configureServices: null, cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkHub(app, folder, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Configuration of one <c>sas-fhir</c> instance that only runs when asked (no Quartz trigger).</summary>
    public static Dictionary<string, string> Connector(string id, string baseUrl, IEnumerable<string> practitioners)
    {
        var settings = new Dictionary<string, string>
        {
            [$"Connectors:{id}:Type"] = "sas-fhir",
            [$"Connectors:{id}:BaseUrl"] = baseUrl,
            [$"Connectors:{id}:Schedule"] = "01:00:00",
            [$"Connectors:{id}:Enabled"] = "false",
            [$"Connectors:{id}:WindowHours"] = "72",
        };
        var i = 0;
        foreach (var practitioner in practitioners)
        {
            settings[$"Connectors:{id}:Practitioners:{i++}"] = practitioner;
        }

        return settings;
    }

    /// <summary>A client like the SAS's: pooled keep-alive connections to the loopback hub.</summary>
    public static HttpClient NewClient(Uri baseAddress, int maxConnections, TimeSpan timeout) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
        };

    public long DatabaseBytes() =>
        new DirectoryInfo(_folder).Exists ? new DirectoryInfo(_folder).EnumerateFiles("hub.db*").Sum(f => f.Length) : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();

        // SQLite keeps pooled connections open; without clearing them the WAL files cannot be deleted on every OS.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
