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

    /// <summary>
    /// The longest time between two runs the schedule triggers: the interval, or for a cron expression the widest gap
    /// between its fire times over the week after <paramref name="from"/> (a weekday-only cron has a weekend gap);
    /// null when manual.
    /// </summary>
    public TimeSpan? LongestGap(DateTimeOffset from)
    {
        if (Interval is { } interval)
        {
            return interval;
        }

        if (Cron is null)
        {
            return null;
        }

        var expression = new CronExpression(Cron);
        var until = from.AddDays(7);
        TimeSpan? longest = null;
        var previous = expression.GetNextValidTimeAfter(from);

        // Bounded: a cron firing every second has 604,800 fire times a week; the first 10,000 gaps are all alike.
        for (var i = 0; i < 10_000 && previous is { } at && (i == 0 || at <= until); i++)
        {
            var next = expression.GetNextValidTimeAfter(at);
            if (next is null)
            {
                break;
            }

            var gap = next.Value - at;
            longest = longest is { } l && l >= gap ? l : gap;
            previous = next;
        }

        return longest;
    }

    public override string ToString() => Interval is { } i ? $"every {i}" : Cron is not null ? $"cron '{Cron}'" : "manual (admin request only)";
}
