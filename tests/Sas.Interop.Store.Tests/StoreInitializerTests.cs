using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Hosting;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>SQLite-specific start-up paths (the pre-migrations file); the PostgreSQL run migrates in every other test.</summary>
[Category("Integration")]
public sealed class StoreInitializerTests
{
    private string _folder = null!;

    private string DatabasePath => Path.Combine(_folder, "hub.db");

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "sas-interop-init-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        // Configuration-error tests never create the file.
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task A_database_from_before_migrations_is_refused_with_a_readable_message_and_left_untouched()
    {
        await CreatePreMigrationsDatabaseAsync();

        var ex = Assert.ThrowsAsync<StoreSchemaMismatchException>(() => InitializeAsync(recreate: false, fill: false));

        Assert.That(ex!.Message, Does.Contain(DatabasePath).And.Contain("Delete the file").And.Contain("Store:RecreateOnSchemaChange"));
        Assert.That(await CountSlotsAsync(), Is.EqualTo(2), "nothing was deleted");
    }

    [Test]
    public async Task With_RecreateOnSchemaChange_a_database_from_before_migrations_starts_afresh_and_migrated()
    {
        await CreatePreMigrationsDatabaseAsync();

        await InitializeAsync(recreate: true, fill: true);

        Assert.That(await CountSlotsAsync(), Is.EqualTo(2), "the migrated schema takes the new slots");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM __EFMigrationsHistory"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Without_MigrateAtStartup_a_database_missing_migrations_is_refused_and_migrate_applies_them()
    {
        await using (var services = Build(recreate: false, migrateAtStartup: false))
        {
            var ex = Assert.ThrowsAsync<StoreSchemaMismatchException>(() => services.InitializeSasInteropStoreAsync(CancellationToken.None));
            Assert.That(ex!.Message, Does.Contain("Store:MigrateAtStartup").And.Contain("migrate"));

            var applied = await services.MigrateSasInteropStoreAsync(CancellationToken.None);
            Assert.That(applied, Is.Not.Empty);
            await services.InitializeSasInteropStoreAsync(CancellationToken.None);
        }

        await InitializeAsync(recreate: false, fill: true);
        Assert.That(await CountSlotsAsync(), Is.EqualTo(2));
    }

    [TestCase("mysql")]
    [TestCase("sqlserver")]
    public void An_unknown_provider_is_a_readable_configuration_error(string provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:Provider"] = provider }).Build();

        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSasInteropStore(configuration));

        Assert.That(ex!.Message, Does.Contain($"Store:Provider '{provider}'").And.Contain("'sqlite'").And.Contain("'postgres'"));
    }

    [Test]
    public void A_postgres_provider_with_a_malformed_connection_string_is_a_readable_configuration_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "postgres",
            ["Store:ConnectionString"] = "this is not=a;valid;;connection string",
        }).Build();

        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSasInteropStore(configuration));

        Assert.That(ex!.Message, Does.Contain("not a PostgreSQL connection string"));
    }

    [Test]
    public async Task The_same_schema_opens_with_its_data()
    {
        await InitializeAsync(recreate: false, fill: true);

        await InitializeAsync(recreate: false, fill: false);

        Assert.That(await CountSlotsAsync(), Is.EqualTo(2));
    }

    private async Task InitializeAsync(bool recreate, bool fill)
    {
        await using var services = Build(recreate);
        await services.InitializeSasInteropStoreAsync(CancellationToken.None);
        if (fill)
        {
            await services.GetRequiredService<ISlotStore>().ReplaceScopeAsync("pub", Scope("810000000031"), Batch("pub", ("810000000031", 2)), CancellationToken.None);
        }
    }

    private Task<int> CountSlotsAsync() => ScalarAsync("SELECT COUNT(*) FROM slots");

    private async Task<int> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    // What a hub from before migrations left: EnsureCreated tables, a schema fingerprint, no migration history.
    private async Task CreatePreMigrationsDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE schema_fingerprint (value TEXT NOT NULL); INSERT INTO schema_fingerprint VALUES ('an-older-hub');"
            + "CREATE TABLE slots (Id INTEGER PRIMARY KEY, NativeId TEXT); INSERT INTO slots (NativeId) VALUES ('a'), ('b');";
        await command.ExecuteNonQueryAsync();
    }

    private ServiceProvider Build(bool recreate, bool migrateAtStartup = true) =>
        new ServiceCollection()
            .AddSasInteropStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:ConnectionString"] = $"Data Source={DatabasePath};Pooling=False",
                ["Store:RecreateOnSchemaChange"] = recreate ? "true" : "false",
                ["Store:MigrateAtStartup"] = migrateAtStartup ? "true" : "false",
            }).Build())
            .BuildServiceProvider();
}
