using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>A day's snapshot keeps its counts after the publisher withdraws every slot and the hub re-syncs.</summary>
[Category("E2E")]
public sealed class DailySnapshotTests
{
    [Test]
    public async Task Kpis_of_a_snapshotted_day_survive_the_deletion_of_its_slots()
    {
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "snap", PractitionerCount = 5, Seed = 5, Days = 4 }, CancellationToken.None);
        var settings = RunningHub.Connector("snap", publisher.BaseUrl, publisher.PractitionerIds);

        // The publisher cancels every slot at once, and this test wants it applied at once: no suspicious-snapshot guard.
        settings["Sync:SuspiciousDrop:AcceptAfter"] = "1";
        await using var hub = await RunningHub.StartAsync(settings);
        (await hub.Http.PostAsync("admin/connectors/snap/sync", null)).EnsureSuccessStatusCode();
        var tomorrow = StatisticsCalendar.DayOf(DateTimeOffset.UtcNow).AddDays(1);
        var day = tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = await FreeSlotsAsync(hub, day);
        await hub.Services.GetRequiredService<IStatisticsStore>().WriteDailySnapshotAsync(tomorrow, DateTimeOffset.UtcNow, CancellationToken.None);

        publisher.RemoveSlots(_ => true);
        (await hub.Http.PostAsync("admin/connectors/snap/sync", null)).EnsureSuccessStatusCode();
        var after = await FreeSlotsAsync(hub, day);
        var export = await hub.Http.GetStringAsync($"admin/export.csv?from={day}&to={day}");

        Assert.Multiple(() =>
        {
            Assert.That(before.Free, Is.GreaterThan(0));
            Assert.That(before.Snapshot, Is.Zero, "a future day is counted live until snapshotted");
            Assert.That(after.Free, Is.EqualTo(before.Free), "the snapshot outlives the slots");
            Assert.That(after.Snapshot, Is.EqualTo(1));
            Assert.That(Rfc4180.Parse(export[1..]), Has.Count.EqualTo(1), "the slots themselves are gone: header only");
        });
    }

    private static async Task<(int Free, int Snapshot)> FreeSlotsAsync(RunningHub hub, string day)
    {
        var kpis = await hub.Http.GetFromJsonAsync<JsonElement>($"admin/kpis?from={day}&to={day}");
        var period = kpis.GetProperty("periods")[0];
        return (period.GetProperty("freeSlots").GetInt32(), period.GetProperty("snapshotDays").GetInt32());
    }
}
