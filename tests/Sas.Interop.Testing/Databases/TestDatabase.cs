using Npgsql;

namespace Sas.Interop.Testing.Databases;

/// <summary>
/// The store a test runs on, chosen by the environment so the same suite runs on both engines:
/// <c>SAS_INTEROP_TEST_PROVIDER</c> = <c>sqlite</c> (default: a file in a temporary folder) or <c>postgres</c> (a
/// fresh database, created with a unique name on the server of <c>SAS_INTEROP_TEST_POSTGRES</c>, a connection string
/// whose role may create databases, and dropped afterwards).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ProviderVariable = "SAS_INTEROP_TEST_PROVIDER";
    public const string PostgresVariable = "SAS_INTEROP_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly string? _postgresName;

    private TestDatabase(string provider, string connectionString, string? folder, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _postgresName = postgresName;
    }

    /// <summary>True when the suite runs on PostgreSQL.</summary>
    public static bool OnPostgres => string.Equals(Environment.GetEnvironmentVariable(ProviderVariable)?.Trim(), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server the PostgreSQL tests use, or null when none is configured.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => _postgresName is not null;

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? SqlitePath { get; private init; }

    /// <summary>The hub settings that point at this database.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Store:Provider"] = Provider,
        ["Store:ConnectionString"] = ConnectionString,
    };

    /// <summary>A fresh database on the engine the environment chose.</summary>
    /// <param name="sqliteSuffix">Appended to the SQLite connection string (e.g. <c>;Pooling=False</c>).</param>
    public static Task<TestDatabase> CreateAsync(string sqliteSuffix = "") =>
        OnPostgres ? CreatePostgresAsync() : Task.FromResult(CreateSqlite(sqliteSuffix));

    /// <summary>A fresh SQLite file in a folder of its own.</summary>
    public static TestDatabase CreateSqlite(string suffix = "")
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "hub.db");
        return new TestDatabase("sqlite", $"Data Source={path}{suffix}", folder, null) { SqlitePath = path };
    }

    /// <summary>A fresh PostgreSQL database; the test is reported ignored, with the reason, when no server is configured.</summary>
    public static async Task<TestDatabase> CreatePostgresAsync()
    {
        var server = PostgresServer;
        if (server is null)
        {
            if (OnPostgres)
            {
                Assert.Fail($"{ProviderVariable}=postgres needs {PostgresVariable}, a connection string to a server where the tests may create databases.");
            }

            Assert.Ignore($"No PostgreSQL server: set {PostgresVariable} to a connection string whose role may create databases (.ci/run does).");
        }

        var name = "sas_test_" + Guid.NewGuid().ToString("N")[..20];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("postgres", builder.ConnectionString, null, name);
    }

    /// <summary>
    /// Drops a test database. FORCE ends sessions a killed host process may leave behind for a moment, but PostgreSQL
    /// refuses it (42501) to a role without pg_signal_backend when an autovacuum worker happens to be on the database
    /// (the worker has no role); a plain DROP cancels autovacuum itself, so that is the fallback, retried while the
    /// database is still in use (55006).
    /// </summary>
    private static async Task DropPostgresAsync(NpgsqlConnection admin, string name)
    {
        try
        {
            await using var force = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await force.ExecuteNonQueryAsync();
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await DropPostgresAsync(admin, _postgresName);
        }
        else if (_folder is not null)
        {
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
}
