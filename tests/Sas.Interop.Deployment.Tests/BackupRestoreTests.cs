using System.Text.Json;
using Npgsql;
using Sas.Interop.Faults.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// samples/deploy/operations.md, "Back up and restore", with its own commands: an online backup of a running hub
/// (sqlite3 <c>.backup</c>, or <c>pg_dump -Fc</c>), a restore into an empty place, and a hub started on the restored
/// store serves exactly what the original served.
/// </summary>
[Category("Deployment")]
[NonParallelizable]
public sealed class BackupRestoreTests
{
    private const string Connector = "pub";

    [Test]
    public async Task A_hub_restored_from_an_online_backup_serves_what_the_original_served()
    {
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "backup", PractitionerCount = 6, Days = 3, Seed = 11 }, CancellationToken.None);
        await using var original = await TestDatabase.CreateAsync();
        await using var restored = await TestDatabase.CreateAsync();
        var search = Search(publisher);

        string servedBefore;
        using (var hub = await HostProcess.StartAsync(Settings(original, publisher, schedule: "01:00:00")))
        {
            // The interval schedule syncs at start-up; the backup is taken while the hub runs, as the guide says.
            await hub.WaitUntilAsync(async () => (await hub.ConnectorAsync(Connector)).GetProperty("lastSuccessAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(60));
            servedBefore = ServedSlots(await hub.Http.GetStringAsync(search));
            Assert.That(servedBefore, Is.Not.Empty, "the original serves slots");
            await BackupAndRestoreAsync(original, restored);
        }

        // Restored: no sync runs (manual schedule), so whatever is served comes from the backup.
        using var restoredHub = await HostProcess.StartAsync(Settings(restored, publisher, schedule: "manual"));
        Assert.That(ServedSlots(await restoredHub.Http.GetStringAsync(search)), Is.EqualTo(servedBefore));
        var connector = await restoredHub.ConnectorAsync(Connector);
        Assert.That(connector.GetProperty("slotCount").GetInt32(), Is.Positive, "the restored store holds the source's slots");
    }

    private static async Task BackupAndRestoreAsync(TestDatabase original, TestDatabase restored)
    {
        var backup = Path.Combine(Path.GetTempPath(), "sas-interop-backup-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (!original.IsPostgres)
            {
                // sqlite3's online backup copies a consistent snapshot while the hub writes (WAL or not).
                await ExternalTool.RunAsync(ExternalTool.Sqlite3(), [original.SqlitePath!, $".backup '{backup}'"]);
                await ExternalTool.RunAsync(ExternalTool.Sqlite3(), [backup, "PRAGMA integrity_check"]);
                File.Copy(backup, restored.SqlitePath!, overwrite: true);
                return;
            }

            var source = new NpgsqlConnectionStringBuilder(original.ConnectionString);
            var target = new NpgsqlConnectionStringBuilder(restored.ConnectionString);
            var environment = new Dictionary<string, string> { ["PGPASSWORD"] = source.Password ?? string.Empty };
            await ExternalTool.RunAsync(
                ExternalTool.PostgresClient("pg_dump"),
                ["--format=custom", "--no-owner", $"--file={backup}", $"--host={source.Host}", $"--port={source.Port}", $"--username={source.Username}", source.Database!],
                environment);
            await ExternalTool.RunAsync(
                ExternalTool.PostgresClient("pg_restore"),
                ["--no-owner", "--exit-on-error", $"--host={target.Host}", $"--port={target.Port}", $"--username={target.Username}", $"--dbname={target.Database}", backup],
                environment);
        }
        finally
        {
            File.Delete(backup);
        }
    }

    private static Dictionary<string, string> Settings(TestDatabase database, PublisherSimulator publisher, string schedule)
    {
        var settings = Sas.Interop.Host.Tests.RunningHub.Connector(Connector, publisher.BaseUrl, publisher.PractitionerIds, schedule);
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string Search(PublisherSimulator publisher)
    {
        var now = DateTimeOffset.UtcNow;
        return $"fhir/Slot?start=ge{now:yyyy-MM-ddTHH:mm:ssZ}&start=le{now.AddDays(3):yyyy-MM-ddTHH:mm:ssZ}&status=free&schedule.actor:Practitioner.identifier={string.Join(',', publisher.PractitionerIds)}&_count=1000";
    }

    /// <summary>The served slots (id, start, end), sorted: what a regulator sees, without the answer's own timestamps.</summary>
    private static string ServedSlots(string bundleJson)
    {
        using var bundle = JsonDocument.Parse(bundleJson);
        var slots = bundle.RootElement.TryGetProperty("entry", out var entries)
            ? entries.EnumerateArray()
                .Select(entry => entry.GetProperty("resource"))
                .Where(resource => resource.GetProperty("resourceType").GetString() == "Slot")
                .Select(slot => $"{slot.GetProperty("id").GetString()} {slot.GetProperty("start").GetString()} {slot.GetProperty("end").GetString()}")
                .Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        return string.Join(Environment.NewLine, slots);
    }
}
