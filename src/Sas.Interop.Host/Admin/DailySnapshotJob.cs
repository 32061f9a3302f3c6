using Quartz;
using Sas.Interop.Core.Statistics;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Quartz job: writes today's free-slot snapshot at start-up and at 23:55 Paris time, so a day has its trend
/// point even when no sync ran late that day.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DailySnapshotJob(IStatisticsStore store, TimeProvider timeProvider, ILogger<DailySnapshotJob> logger) : IJob
{
    public static readonly JobKey Key = new("daily-slot-snapshot", "statistics");

    public static void Schedule(QuartzOptions options)
    {
        options.AddJob<DailySnapshotJob>(job => job.WithIdentity(Key).StoreDurably());
        options.AddTrigger(trigger => trigger
            .ForJob(Key)
            .WithIdentity("daily-slot-snapshot-nightly", "statistics")
            .WithCronSchedule("0 55 23 * * ?", cron => cron.InTimeZone(StatisticsCalendar.Zone).WithMisfireHandlingInstructionFireAndProceed()));
        options.AddTrigger(trigger => trigger
            .ForJob(Key)
            .WithIdentity("daily-slot-snapshot-startup", "statistics")
            .StartNow());
    }

    public async Task Execute(IJobExecutionContext context)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            await store.WriteDailySnapshotAsync(StatisticsCalendar.DayOf(now), now, context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not write the daily slot snapshot");
        }
    }
}
