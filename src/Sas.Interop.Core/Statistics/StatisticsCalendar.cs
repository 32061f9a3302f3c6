using Sas.Interop.Core.Time;

namespace Sas.Interop.Core.Statistics;

/// <summary>KPI days are French civil days (Europe/Paris), whatever the server's zone.</summary>
public static class StatisticsCalendar
{
    /// <summary>The hub's one civil zone, <see cref="ParisTime.Zone"/>.</summary>
    public static TimeZoneInfo Zone => ParisTime.Zone;

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static DateOnly DayOfUtc(DateTime utc) => DayOf(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>UTC start of a French day (midnight Paris time).</summary>
    public static DateTime StartUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }
}
