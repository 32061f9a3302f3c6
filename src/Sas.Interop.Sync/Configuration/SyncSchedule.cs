using System.Globalization;
using Quartz;

namespace Sas.Interop.Sync.Configuration;

/// <summary>
/// A parsed <c>Schedule</c> setting: a fixed interval, a Quartz cron expression, or <c>manual</c> (no trigger: the
/// instance syncs only when an admin asks, e.g. while a publisher is being onboarded or when it pushes instead).
/// </summary>
internal sealed record SyncSchedule(TimeSpan? Interval, string? Cron)
{
    /// <summary>The setting value for an instance that has no trigger.</summary>
    public const string ManualValue = "manual";

    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    /// <summary>True when the instance syncs only on an admin's request.</summary>
    public bool IsManual => Interval is null && Cron is null;

    public static bool TryParse(string? value, out SyncSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "Schedule is empty: give an interval such as 00:05:00, a Quartz cron expression such as '0 0/5 * * * ?', or 'manual'.";
            return false;
        }

        var text = value.Trim();
        if (string.Equals(text, ManualValue, StringComparison.OrdinalIgnoreCase))
        {
            schedule = new SyncSchedule(null, null);
            return true;
        }

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

        if (CronExpression.TryParse(text, out _))
        {
            schedule = new SyncSchedule(null, text);
            return true;
        }

        error = $"Schedule '{text}' is neither an interval (hh:mm:ss) nor a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0/5 * * * ?'), nor 'manual'.";
        return false;
    }

    public override string ToString() => Interval is { } i ? $"every {i}" : Cron is not null ? $"cron '{Cron}'" : "manual (admin request only)";
}
