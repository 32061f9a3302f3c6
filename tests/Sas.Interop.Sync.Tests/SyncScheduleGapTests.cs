using Sas.Interop.Sync.Configuration;

namespace Sas.Interop.Sync.Tests;

/// <summary>The longest gap between scheduled runs, from which the data-age alert's allowed age is derived.</summary>
public sealed class SyncScheduleGapTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [TestCase("00:05:00", 300)]
    [TestCase("manual", null)]
    [TestCase("0 0/10 * * * ?", 600)]
    public void The_longest_gap_is_the_interval_or_the_crons_widest_step(string setting, int? seconds)
    {
        Assert.That(SyncSchedule.TryParse(setting, out var schedule, out var error), Is.True, error);

        Assert.That(schedule!.LongestGap(Monday)?.TotalSeconds, Is.EqualTo(seconds));
    }

    [Test]
    public void A_weekday_cron_has_its_weekend_for_longest_gap()
    {
        // Hourly from 8:00 to 18:00, Monday to Friday: from Friday 18:00 to Monday 8:00 is the widest gap.
        Assert.That(SyncSchedule.TryParse("0 0 8-18 ? * MON-FRI", out var schedule, out var error), Is.True, error);

        var gap = schedule!.LongestGap(Monday);

        Assert.That(gap, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(61)).And.LessThanOrEqualTo(TimeSpan.FromHours(63)), "62 h, give or take a daylight-saving hour in the machine's zone");
    }
}
