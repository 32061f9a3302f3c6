using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Sync.Tests;

/// <summary>
/// An instance on an interval syncs when the hub starts, not one interval later: with an hour's interval, a hub
/// restarted would otherwise serve nothing fresh from it for an hour.
/// </summary>
public sealed class IntervalScheduleStartupTests
{
    [Test]
    public async Task An_interval_instance_syncs_as_soon_as_the_scheduler_starts()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:hourly:Type"] = "scripted",
            ["Connectors:hourly:BaseUrl"] = "http://127.0.0.1:1/",
            ["Connectors:hourly:Schedule"] = "01:00:00",
        };
        var sync = new FirstSyncRecorder();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSasInteropSync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddConnectorType<ScriptedConnectorType>()
            .AddSingleton<IConnectorSyncService>(sync)
            .BuildServiceProvider();
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        await scheduler.Start();
        try
        {
            // Quartz really schedules: the wait ends when the first sync runs; the bound only stops a broken test.
            Assert.That(await sync.FirstInstance.WaitAsync(TimeSpan.FromSeconds(60)), Is.EqualTo("hourly"));
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    private sealed class FirstSyncRecorder : IConnectorSyncService
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstInstance => _first.Task;

        public Task<SyncRunSummary> SyncAsync(string instanceId, CancellationToken cancellationToken)
        {
            _first.TrySetResult(instanceId);
            var now = DateTimeOffset.UtcNow;
            return Task.FromResult(new SyncRunSummary { InstanceId = instanceId, StartedAt = now, FinishedAt = now, Status = SyncRunStatus.Succeeded });
        }
    }
}
