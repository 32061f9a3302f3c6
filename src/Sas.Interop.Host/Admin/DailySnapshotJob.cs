using Quartz;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Time;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Quartz job: writes today's free-slot snapshot at start-up and at 23:55 Paris time, so a day has its trend
/// point even when no sync ran late that day.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DailySnapshotJob(IStatisticsStore store, TimeProvider timeProvider, ILogger<DailySnapshotJob> logger) : IJob
{
    public static readonly JobKey Key = new("daily-slot-snapshot", "statistics");

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<DailySnapshotJob>(job => job.WithIdentity(Key).DisallowConcurrentExecution().StoreDurably());
        quartz.AddTrigger<DailySnapshotJob>(trigger => trigger
            .ForJob(Key)
            .WithIdentity("daily-slot-snapshot-nightly", "statistics")
            .WithCronSchedule("0 55 23 * * ?", cron => cron.InTimeZone(ParisTime.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        quartz.AddTrigger<DailySnapshotJob>(trigger => trigger
            .ForJob(Key)
            .WithIdentity("daily-slot-snapshot-startup", "statistics")
            .StartNow());
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            await store.WriteDailySnapshotAsync(StatisticsCalendar.DayOf(now), now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not write the daily slot snapshot");
        }
    }
}
