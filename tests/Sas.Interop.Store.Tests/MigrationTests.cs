using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sas.Interop.Store.Hosting;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Store.Tests;

/// <summary>The committed migrations match the model, for each provider; PostgreSQL's apply to an empty database.</summary>
public sealed class MigrationTests
{
    [Test]
    public void The_SQLite_model_has_no_change_missing_from_the_migrations()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run src/Sas.Interop.Store/regenerate-migrations.sh <Name> after changing the model");
    }

    [Test]
    public void The_PostgreSQL_model_has_no_change_missing_from_the_migrations()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run src/Sas.Interop.Store/regenerate-migrations.sh <Name> after changing the model");
    }

    [Test]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        // Names without their timestamps: the two sets are generated together, one migration each per change.
        static IEnumerable<string> Names(DbContext db) => db.GetService<IMigrationsAssembly>().Migrations.Keys.Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.That(Names(postgres), Is.EqualTo(Names(sqlite)));
    }

    [Test]
    [Category("Integration")]
    public async Task PostgreSQL_migrations_create_the_schema_with_byte_order_text_and_utc_timestamps()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var options = new DbContextOptionsBuilder<PostgresHubDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using (var db = new PostgresHubDbContext(options))
        {
            await db.Database.MigrateAsync();
            Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT collation_name || '/' || (SELECT data_type FROM information_schema.columns WHERE table_name = 'slots' AND column_name = 'StartUtc') "
            + "FROM information_schema.columns WHERE table_name = 'slots' AND column_name = 'NativeId'",
            connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("C/timestamp with time zone"));
    }

    [Test]
    [Category("Integration")]
    public async Task Nodes_starting_together_on_a_fresh_PostgreSQL_database_all_start_and_apply_each_migration_once()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var nodes = Enumerable.Range(0, 3).Select(_ => new ServiceCollection()
            .AddLogging()
            .AddSasInteropStore(new ConfigurationBuilder().AddInMemoryCollection(database.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)).Build())
            .BuildServiceProvider()).ToList();
        try
        {
            // What three hub processes do at start-up, at the same moment.
            using var start = new Barrier(nodes.Count);
            await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
            {
                start.SignalAndWait();
                await node.InitializeSasInteropStoreAsync(CancellationToken.None);
            })));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }

        using var design = new PostgresDesignTimeFactory().CreateDbContext([]);
        var expected = design.GetService<IMigrationsAssembly>().Migrations.Count;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM \"__EFMigrationsHistory\"", connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((long)expected));
    }
}
