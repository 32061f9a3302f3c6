using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Faults.Tests;

/// <summary>A publisher down for long: its slots are flagged stale, then withheld, and come back when it recovers; a real mass cancellation eventually goes through.</summary>
[Category("Faults")]
[NonParallelizable]
public sealed class FreshnessAndSnapshotTests
{
    private const string StaleTag = SlotFreshness.TagSystem + "|" + SlotFreshness.StaleCode;

    [Test]
    public async Task Slots_past_StaleAfter_are_served_flagged_and_past_WithholdAfter_are_withheld_until_the_publisher_recovers()
    {
        var faults = new FaultSwitch();
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "stale", PractitionerCount = 10, Seed = 5, Days = 3, Fault = faults.Hook }, CancellationToken.None);
        var settings = FaultSuiteTests.HubSettings(publisher);
        // Seconds, not minutes, but with room: "fresh" needs the baseline sync and the first search within StaleAfter of
        // the fetch, and a loaded CI machine on PostgreSQL once took longer than 1 s. The waits below count from the end
        // of the baseline sync, which is after every fetch time it wrote.
        var staleAfter = TimeSpan.FromSeconds(5);
        var withholdAfter = TimeSpan.FromSeconds(10);
        settings["Sync:StaleAfter"] = staleAfter.ToString();
        settings["Sync:WithholdAfter"] = withholdAfter.ToString();
        await using var hub = await RunningHub.StartAsync(settings);
        await FaultSuiteTests.BaselineSyncAsync(hub);
        var synced = DateTimeOffset.UtcNow;
        var query = SasSearch.Query(synced.AddMinutes(10), synced.AddHours(48), publisher.PractitionerIds);
        var fresh = await SasSearch.SlotsAsync(hub.Http, query);

        faults.On(_ => SimulatedFault.Status(503), publisher.SearchCount);
        await DelayUntilAsync(synced + staleAfter + TimeSpan.FromSeconds(0.5));
        await FaultSuiteTests.SyncAsync(hub);
        var stale = await SasSearch.SlotsAsync(hub.Http, query);

        await DelayUntilAsync(synced + withholdAfter + TimeSpan.FromSeconds(0.5));
        var withheld = await SasSearch.SlotsAsync(hub.Http, query);

        faults.Off();
        await FaultSuiteTests.SyncAsync(hub);
        var recovered = await SasSearch.SlotsAsync(hub.Http, query);

        TestContext.Out.WriteLine($"fresh {fresh.Count} (tagged {fresh.Values.Count(s => s.Tags.Contains(StaleTag))}), stale {stale.Count} (tagged {stale.Values.Count(s => s.Tags.Contains(StaleTag))}), withheld-phase served {withheld.Count}, recovered {recovered.Count} (tagged {recovered.Values.Count(s => s.Tags.Contains(StaleTag))})");
        Assert.Multiple(() =>
        {
            Assert.That(fresh, Is.Not.Empty);
            Assert.That(fresh.Values.Any(s => s.Tags.Contains(StaleTag)), Is.False, "fresh slots carry no stale tag");
            Assert.That(stale.Keys, Is.EquivalentTo(fresh.Keys), "stale slots are still served");
            Assert.That(stale.Values.All(s => s.Tags.Contains(StaleTag)), Is.True, "every stale slot is flagged");
            Assert.That(withheld, Is.Empty, "slots past WithholdAfter are not served");
            Assert.That(recovered.Keys, Is.EquivalentTo(fresh.Keys), "they come back when the publisher recovers");
            Assert.That(recovered.Values.Any(s => s.Tags.Contains(StaleTag)), Is.False);
        });
    }

    [Test]
    public async Task A_collapse_seen_on_AcceptAfter_runs_in_a_row_is_applied()
    {
        var faults = new FaultSwitch();
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "cancel", PractitionerCount = 10, Seed = 9, Days = 3, Fault = faults.Hook }, CancellationToken.None);
        var settings = FaultSuiteTests.HubSettings(publisher);
        settings["Sync:SuspiciousDrop:AcceptAfter"] = "3";
        await using var hub = await RunningHub.StartAsync(settings);
        await FaultSuiteTests.BaselineSyncAsync(hub);
        var now = DateTimeOffset.UtcNow;
        var query = SasSearch.Query(now.AddMinutes(10), now.AddHours(48), publisher.PractitionerIds);
        var before = await SasSearch.SlotsAsync(hub.Http, query);

        // A real mass cancellation: the publisher now holds no slot at all.
        publisher.RemoveSlots(_ => true);
        var first = await FaultSuiteTests.SyncAsync(hub);
        var second = await FaultSuiteTests.SyncAsync(hub);
        var afterTwo = await SasSearch.SlotsAsync(hub.Http, query);
        var third = await FaultSuiteTests.SyncAsync(hub);
        var afterThree = await SasSearch.SlotsAsync(hub.Http, query);

        TestContext.Out.WriteLine($"before {before.Count}; runs: {first.GetProperty("status")}, {second.GetProperty("status")}, {third.GetProperty("status")}; served after 2 runs {afterTwo.Count}, after 3 runs {afterThree.Count}");
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(first.GetProperty("errors")[0].GetString(), Does.StartWith("Suspicious"));
            Assert.That(afterTwo.Keys, Is.EquivalentTo(before.Keys), "two suspicious runs change nothing");
            Assert.That(third.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
            Assert.That(afterThree, Is.Empty, "the third run in a row applies the cancellation");
        });
    }

    private static async Task DelayUntilAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
