using Sas.Interop.Core.Time;

namespace Sas.Interop.Fhir.Availability;

/// <summary>The horizons of the short-term availability view (the SAS workshop's "dans les 2 h … dans la journée").</summary>
/// <remarks>
/// 2 h, 4 h, 6 h and 12 h are durations from <c>from</c>. The half-day and the day are French civil periods
/// (Europe/Paris), so that they read as "this morning/afternoon" and "today": <c>half-day</c> ends at the end of
/// the half-day <c>from</c> falls in (12:00 for a morning instant, midnight for an afternoon one), <c>day</c> at
/// the next midnight. So they may be shorter than 2 h late in a half-day; the answer gives every end.
/// </remarks>
public static class AvailabilityHorizons
{
    public static TimeZoneInfo Zone => ParisTime.Zone;

    public static IReadOnlyList<AvailabilityHorizon> From(DateTimeOffset from)
    {
        var local = TimeZoneInfo.ConvertTime(from, Zone);
        var midnight = local.Date.AddDays(1);
        var halfDayEnd = local.TimeOfDay < TimeSpan.FromHours(12) ? local.Date.AddHours(12) : midnight;
        return
        [
            new("2h", from.AddHours(2)),
            new("4h", from.AddHours(4)),
            new("6h", from.AddHours(6)),
            new("12h", from.AddHours(12)),
            new("half-day", Paris(halfDayEnd)),
            new("day", Paris(midnight)),
        ];
    }

    // Noon and midnight are never in a Paris DST gap (changes happen at 02:00/03:00), so the offset is unambiguous.
    private static DateTimeOffset Paris(DateTime wallClock) => new(wallClock, Zone.GetUtcOffset(wallClock));
}
