using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Hosting;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

[Category("Integration")]
public sealed class StoreInitializerTests
{
    private string _folder = null!;

    private string DatabasePath => Path.Combine(_folder, "hub.db");

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "sas-interop-init-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_database_of_another_schema_is_refused_with_a_readable_message_and_left_untouched()
    {
        await InitializeAsync(recreate: false, fill: true);
        await TamperFingerprintAsync();

        var ex = Assert.ThrowsAsync<StoreSchemaMismatchException>(() => InitializeAsync(recreate: false, fill: false));

        Assert.That(ex!.Message, Does.Contain(DatabasePath).And.Contain("Delete the file").And.Contain("Store:RecreateOnSchemaChange"));
        Assert.That(await CountSlotsAsync(), Is.EqualTo(2), "nothing was deleted");
    }

    [Test]
    public async Task With_RecreateOnSchemaChange_the_database_starts_afresh()
    {
        await InitializeAsync(recreate: false, fill: true);
        await TamperFingerprintAsync();

        await InitializeAsync(recreate: true, fill: false);

        Assert.That(await CountSlotsAsync(), Is.Zero);
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

    private async Task<int> CountSlotsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM slots";
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private async Task TamperFingerprintAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE schema_fingerprint SET value = 'an-older-hub'";
        Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1));
    }

    private ServiceProvider Build(bool recreate) =>
        new ServiceCollection()
            .AddSasInteropStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:ConnectionString"] = $"Data Source={DatabasePath};Pooling=False",
                ["Store:RecreateOnSchemaChange"] = recreate ? "true" : "false",
            }).Build())
            .BuildServiceProvider();
}
