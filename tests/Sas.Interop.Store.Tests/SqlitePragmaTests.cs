using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Store.Hosting;

namespace Sas.Interop.Store.Tests;

[Category("Integration")]
public sealed class SqlitePragmaTests
{
    [Test]
    public async Task Every_connection_runs_WAL_with_synchronous_normal_not_only_the_first_one()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-pragma-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:ConnectionString"] = $"Data Source={Path.Combine(folder, "hub.db")};Pooling=False" })
            .Build();
        await using var services = new ServiceCollection().AddSasInteropStore(configuration).BuildServiceProvider();
        await services.InitializeSasInteropStoreAsync(CancellationToken.None);
        try
        {
            // A fresh connection, as a sync or a search gets (pooling off: nothing inherited from the initializer).
            await using var db = await services.GetRequiredService<IDbContextFactory<HubDbContext>>().CreateDbContextAsync();
            var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
            var synchronous = await db.Database.SqlQueryRaw<int>("PRAGMA synchronous").ToListAsync();

            Assert.Multiple(() =>
            {
                Assert.That(journal, Is.EqualTo(new[] { "wal" }));
                Assert.That(synchronous, Is.EqualTo(new[] { 1 }), "1 = NORMAL");
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort on a temp folder.
            }
        }
    }
}
