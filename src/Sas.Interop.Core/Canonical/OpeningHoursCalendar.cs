using System.Globalization;
using Sas.Interop.Core.Time;

namespace Sas.Interop.Core.Canonical;

/// <summary>
/// Whether a place is open at an instant, from its opening hours (FHIR <c>hoursOfOperation</c> / <c>availableTime</c>),
/// read in French civil time (Europe/Paris), the time publishers write them in.
/// </summary>
public static class OpeningHoursCalendar
{
    private static readonly string[] DayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>
    /// Open when an entry names the day (an entry without days means every day) and is all day, or its opening time is
    /// at or before the time of day and its closing time after it (a closing time before the opening one runs past
    /// midnight). An entry with neither all day nor an opening time says nothing; no hours at all: not known to be open.
    /// </summary>
    public static bool IsOpenAt(IReadOnlyList<CanonicalOpeningHours> hours, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var local = TimeZoneInfo.ConvertTime(instant, ParisTime.Zone);
        var timeOfDay = local.TimeOfDay;
        var today = DayCodes[(int)local.DayOfWeek];
        var yesterday = DayCodes[((int)local.DayOfWeek + 6) % 7];
        foreach (var entry in hours)
        {
            var opening = ParseTime(entry.Opening);
            var closing = ParseTime(entry.Closing) ?? TimeSpan.FromDays(1);
            if (OnDay(entry, today) && (entry.AllDay || (opening is { } open && open <= timeOfDay && (closing > open ? timeOfDay < closing : true))))
            {
                return true;
            }

            // Past midnight: yesterday's entry closing this morning.
            if (!entry.AllDay && OnDay(entry, yesterday) && opening is { } start && ParseTime(entry.Closing) is { } end && end < start && timeOfDay < end)
            {
                return true;
            }
        }

        return false;
    }

    private static bool OnDay(CanonicalOpeningHours entry, string day) => entry.Days.Count == 0 || entry.Days.Contains(day, StringComparer.Ordinal);

    private static TimeSpan? ParseTime(string? value) =>
        TimeSpan.TryParseExact(value, [@"hh\:mm\:ss", @"hh\:mm"], CultureInfo.InvariantCulture, out var time) ? time : null;
}
