using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Faults.Tests;

/// <summary>
/// Two real host processes on one PostgreSQL database (Quartz's clustered store): each connector sync runs once per
/// schedule tick, whichever node takes it, and a node SIGKILLed mid-sync has its sync recovered by the other.
/// </summary>
[Category("Faults")]
[Category("Cluster")]
[NonParallelizable]
public sealed class TwoNodeClusterTests
{
    private const int FastInstances = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(6);

    // For the log only: which tick (and how far into it) each search came.
    private static readonly DateTimeOffset TickAnchor = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Each_sync_runs_once_per_tick_across_two_nodes_and_a_node_killed_mid_sync_loses_nothing()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var searchTimes = new ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>>();
        var publishers = new List<PublisherSimulator>();
        var slowHangsAt = int.MaxValue;
        try
        {
            for (var i = 0; i < FastInstances; i++)
            {
                var id = $"fast-{i}";
                var times = searchTimes.GetOrAdd(id, _ => new ConcurrentQueue<DateTimeOffset>());
                publishers.Add(await PublisherSimulator.StartAsync(
                    new PublisherSimulatorOptions { Name = id, PractitionerCount = 5, Seed = 10 + i, Days = 2, SearchDelay = _ => { times.Enqueue(DateTimeOffset.UtcNow); return null; } },
                    CancellationToken.None));
            }

            // The slow instance: 4 batches per sync; one chosen search hangs long enough to kill the node running it.
            var slow = await PublisherSimulator.StartAsync(
                new PublisherSimulatorOptions { Name = "slow", PractitionerCount = 20, Seed = 7, Days = 2, SearchDelay = n => n == Volatile.Read(ref slowHangsAt) ? TimeSpan.FromSeconds(40) : null },
                CancellationToken.None);
            publishers.Add(slow);

            var settings = database.Settings;
            for (var i = 0; i < FastInstances; i++)
            {
                foreach (var (key, value) in RunningHub.Connector($"fast-{i}", publishers[i].BaseUrl, publishers[i].PractitionerIds, Interval.ToString()))
                {
                    settings[key] = value;
                }
            }

            foreach (var (key, value) in RunningHub.Connector("slow", slow.BaseUrl, slow.PractitionerIds, "00:00:30"))
            {
                settings[key] = value;
            }

            settings["Connectors:slow:BatchSize"] = "5";
            settings["Connectors:slow:Resilience:AttemptTimeout"] = "00:00:50";
            settings["Connectors:slow:Resilience:TotalTimeout"] = "00:00:55";
            settings["Connectors:slow:Resilience:CircuitBreakerSamplingDuration"] = "00:01:40";
            settings["Sync:Cluster:CheckinInterval"] = "00:00:02";

            using var nodeA = await HostProcess.StartAsync(new Dictionary<string, string>(settings) { ["Sync:Cluster:NodeId"] = "node-a" });
            using var nodeB = await HostProcess.StartAsync(new Dictionary<string, string>(settings) { ["Sync:Cluster:NodeId"] = "node-b" });

            // Steady state: both nodes up for a few ticks.
            var observedFrom = DateTimeOffset.UtcNow + Interval;
            await Task.Delay(Interval * 5);
            var observedTo = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1);
            var ranBy = await NodesThatRanAsync(database, "fast-");
            TestContext.Progress.WriteLine($"Observed {observedFrom:HH:mm:ss}..{observedTo:HH:mm:ss}; nodes in the cluster: {string.Join(", ", ranBy)}. Searches per instance (tick+offset):");
            foreach (var (id, times) in searchTimes)
            {
                // How late after its tick boundary each search reached the publisher.
                TestContext.Progress.WriteLine($"  {id}: " + string.Join(", ", times.Select(t => $"{Tick(t)}+{(t - TickAnchor).TotalMilliseconds % Interval.TotalMilliseconds:F0}ms")));
                Assert.That(times, Is.Not.Empty, $"{id} was never synced");
            }
            Assert.Multiple(() =>
            {
                foreach (var (id, times) in searchTimes)
                {
                    // One search per sync: never two in a tick, none missed. Counted in ticks, not seconds: on a busy
                    // machine a run may start seconds after its tick, and the next on time (a gap under the interval).
                    var inWindow = times.Where(t => t >= observedFrom && t <= observedTo).Order().ToList();
                    var ticks = inWindow.Select(Tick).ToList();
                    Assert.That(inWindow, Has.Count.GreaterThanOrEqualTo(3), $"{id}: syncs in the window");
                    Assert.That(ticks.Zip(ticks.Skip(1), (a, b) => b - a), Has.All.EqualTo(1), $"{id}: ticks of its syncs {string.Join(", ", ticks)}");
                }
            });

            // The slow instance synced once (at its first tick); change the publisher's data, hang the 2nd batch of the
            // next sync, and kill the node that runs it.
            await nodeA.WaitUntilAsync(async () => (await nodeA.ConnectorAsync("slow")).GetProperty("lastSuccessAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(60));
            var servedBefore = await ServedSlotCountAsync(nodeA, slow);
            var removed = slow.RemoveSlots(s => s.Id.GetHashCode(StringComparison.Ordinal) % 3 == 0);
            Volatile.Write(ref slowHangsAt, slow.SearchCount + 2);
            await nodeA.WaitUntilAsync(() => Task.FromResult(slow.SearchCount >= Volatile.Read(ref slowHangsAt)), TimeSpan.FromSeconds(60));
            var runner = (await NodesThatRanAsync(database, "slow", executingOnly: true)).Single();
            var (victim, survivor) = runner == "node-a" ? (nodeA, nodeB) : (nodeB, nodeA);
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill();
            TestContext.Progress.WriteLine($"Killed {runner} mid-sync of 'slow' (search {slowHangsAt} hanging), {removed} slots removed at the publisher");

            // The survivor notices the dead node (missed check-ins) and re-runs the sync it was running.
            await survivor.WaitUntilAsync(
                async () => (await survivor.ConnectorAsync("slow")).GetProperty("lastSuccessAt") is { ValueKind: JsonValueKind.String } at && at.GetDateTimeOffset() > killedAt,
                TimeSpan.FromSeconds(60));
            var recoveredIn = DateTimeOffset.UtcNow - killedAt;
            TestContext.Progress.WriteLine($"Recovered by the survivor in {recoveredIn.TotalSeconds:F1} s");

            // Quartz's recovery, not merely the next tick: the survivor ran the dead node's execution again.
            Assert.That(survivor.Output, Has.Some.Contains("Sync slow recovered"), "the survivor re-ran the dead node's sync (RequestRecovery)");

            // Nothing lost: what the survivor serves after the recovered sync is exactly what a full sync gives.
            var afterRecovery = await ServedSlotCountAsync(survivor, slow);
            using (var sync = await survivor.Http.PostAsync("admin/connectors/slow/sync", null))
            {
                Assert.That(sync.IsSuccessStatusCode, Is.True, await sync.Content.ReadAsStringAsync());
            }

            var afterFullSync = await ServedSlotCountAsync(survivor, slow);
            TestContext.Progress.WriteLine($"Slots served for 'slow': {servedBefore} before, {afterRecovery} after recovery, {afterFullSync} after a full sync");
            Assert.Multiple(() =>
            {
                Assert.That(afterRecovery, Is.EqualTo(afterFullSync), "the recovered sync left the store as a full sync does");
                Assert.That(afterFullSync, Is.GreaterThan(0).And.LessThanOrEqualTo(servedBefore));
            });
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    private static long Tick(DateTimeOffset at) => (at - TickAnchor).Ticks / Interval.Ticks;

    private static async Task<List<string>> NodesThatRanAsync(TestDatabase database, string jobPrefix, bool executingOnly = false)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var sql = executingOnly
            ? "SELECT DISTINCT instance_name FROM qrtz_fired_triggers WHERE job_name = @job AND state = 'EXECUTING'"
            : "SELECT DISTINCT instance_name FROM qrtz_scheduler_state ORDER BY instance_name";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("job", jobPrefix);
        var nodes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            nodes.Add(reader.GetString(0));
        }

        return nodes;
    }

    private static async Task<int> ServedSlotCountAsync(HostProcess hub, PublisherSimulator publisher)
    {
        // A fixed window wide enough for the publisher's two days, so the counts do not move with the clock.
        var from = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.UtcNow.Date.AddDays(5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var total = 0;
        foreach (var chunk in publisher.PractitionerIds.Chunk(25))
        {
            var ids = string.Join(",", chunk.Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));
            var json = await hub.Http.GetStringAsync($"fhir/Slot?start=ge{from}&start=le{to}&status=free&schedule.actor:Practitioner.identifier={ids}&_count=1000");
            total += JsonDocument.Parse(json).RootElement.GetProperty("total").GetInt32();
        }

        return total;
    }
}
