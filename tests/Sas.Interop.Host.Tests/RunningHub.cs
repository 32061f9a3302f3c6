using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Host.Hosting;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Host.Tests;

/// <summary>The real hub (Kestrel on 127.0.0.1, SQLite file or PostgreSQL database, Quartz), built exactly as Program builds it.</summary>
internal sealed class RunningHub : IAsyncDisposable
{
    /// <summary>The admin key every test hub is configured with; <see cref="Http"/> sends it.</summary>
    public const string AdminKey = "test-admin-key-3f9c";

    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    private RunningHub(WebApplication app, TestDatabase database, string baseUrl)
    {
        _app = app;
        _database = database;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration, passed on the command line.</param>
    /// <param name="configureServices">Last-word service overrides.</param>
    /// <param name="withAdminKey">False starts the hub with no <c>Admin:ApiKeys</c> at all.</param>
    public static async Task<RunningHub> StartAsync(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? configureServices = null, bool withAdminKey = true)
    {
        // SQLite file or a fresh PostgreSQL database, as SAS_INTEROP_TEST_PROVIDER says.
        var database = await TestDatabase.CreateAsync();
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        args.AddRange(database.Settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        if (withAdminKey)
        {
            args.Add($"--Admin:ApiKeys:0={AdminKey}");
        }

        args.AddRange(settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        WebApplication app;
        try
        {
            app = await HubApplication.BuildAsync([.. args], configureServices, CancellationToken.None);
            await app.StartAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHub(app, database, address.TrimEnd('/') + "/");
    }

    public static Dictionary<string, string> Connector(string id, string baseUrl, IEnumerable<string> practitioners, string schedule = "01:00:00")
    {
        var settings = new Dictionary<string, string>
        {
            [$"Connectors:{id}:Type"] = "sas-fhir",
            [$"Connectors:{id}:BaseUrl"] = baseUrl,
            [$"Connectors:{id}:Schedule"] = schedule,
        };
        var i = 0;
        foreach (var practitioner in practitioners)
        {
            settings[$"Connectors:{id}:Practitioners:{i++}"] = practitioner;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
