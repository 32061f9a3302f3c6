using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sas.Interop.Core.Storage;
using Sas.Interop.Host.Hosting;

namespace Sas.Interop.Benchmarks;

/// <summary>
/// The real hub, built by <see cref="HubApplication"/> exactly as Program builds it, on 127.0.0.1 with a SQLite
/// file in a temp folder that is deleted on dispose, or, when <c>SAS_INTEROP_BENCH_POSTGRES</c> holds a connection
/// string to a PostgreSQL server whose role may create databases, on a fresh database there, dropped on dispose.
/// Logs at Warning so the console stays readable.
/// </summary>
internal sealed class BenchmarkHub : IAsyncDisposable
{
    public const string PostgresVariable = "SAS_INTEROP_BENCH_POSTGRES";

    private readonly WebApplication _app;
    private readonly string _folder;
    private readonly string? _postgresDatabase;

    private BenchmarkHub(WebApplication app, string folder, string? postgresDatabase, Uri baseAddress)
    {
        _app = app;
        _folder = folder;
        _postgresDatabase = postgresDatabase;
        BaseAddress = baseAddress;
    }

    /// <summary>The PostgreSQL server the benchmark runs on, or null for SQLite.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>"sqlite" or "postgres", for the report.</summary>
    public static string ProviderName => PostgresServer is null ? "sqlite" : "postgres";

    /// <summary>The hub root, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public ISlotStore Store => _app.Services.GetRequiredService<ISlotStore>();

    public string DatabasePath => Path.Combine(_folder, "hub.db");

    public static async Task<BenchmarkHub> StartAsync(IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-bench-" + Guid.NewGuid().ToString("N"));
        string? postgresDatabase = null;
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--Serilog:MinimumLevel:Default=Warning" };
        if (PostgresServer is { } server)
        {
            postgresDatabase = "sas_bench_" + Guid.NewGuid().ToString("N")[..16];
            await ExecuteAsync(server, $"CREATE DATABASE {postgresDatabase}", cancellationToken);
            args.Add("--Store:Provider=postgres");
            args.Add($"--Store:ConnectionString={new NpgsqlConnectionStringBuilder(server) { Database = postgresDatabase }.ConnectionString}");
        }
        else
        {
            args.Add($"--Store:ConnectionString=Data Source={Path.Combine(folder, "hub.db")}");
        }

        args.AddRange((settings ?? new Dictionary<string, string>()).Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = await HubApplication.BuildAsync([.. args], configureServices: null, cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkHub(app, folder, postgresDatabase, new Uri(address.TrimEnd('/') + "/"));
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

    public long DatabaseBytes()
    {
        if (_postgresDatabase is not null)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            return (long)command.ExecuteScalar()!;
        }

        return new DirectoryInfo(_folder).Exists ? new DirectoryInfo(_folder).EnumerateFiles("hub.db*").Sum(f => f.Length) : 0;
    }

    private static async Task ExecuteAsync(string server, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();

        // SQLite keeps pooled connections open; without clearing them the WAL files cannot be deleted on every OS.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(PostgresServer!, $"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", CancellationToken.None);
        }

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
