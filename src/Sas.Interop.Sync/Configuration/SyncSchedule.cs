using System.Globalization;
using Quartz;

namespace Sas.Interop.Sync.Configuration;

/// <summary>A parsed <c>Schedule</c> setting: either a fixed interval or a Quartz cron expression.</summary>
internal sealed record SyncSchedule(TimeSpan? Interval, string? Cron)
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    public static bool TryParse(string? value, out SyncSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "Schedule is empty: give an interval such as 00:05:00 or a Quartz cron expression such as '0 0/5 * * * ?'.";
            return false;
        }

        var text = value.Trim();
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
        {
            if (interval < MinimumInterval)
            {
                error = $"Schedule interval {interval} is shorter than the minimum {MinimumInterval}.";
                return false;
            }

            schedule = new SyncSchedule(interval, null);
            return true;
        }

        if (CronExpression.IsValidExpression(text))
        {
            schedule = new SyncSchedule(null, text);
            return true;
        }

        error = $"Schedule '{text}' is neither an interval (hh:mm:ss) nor a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0/5 * * * ?').";
        return false;
    }

    public override string ToString() => Interval is { } i ? $"every {i}" : $"cron '{Cron}'";
}
