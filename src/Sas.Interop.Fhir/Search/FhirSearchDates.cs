using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Sas.Interop.Core.Time;

namespace Sas.Interop.Fhir.Search;

/// <summary>Reads FHIR <c>date</c>/<c>dateTime</c> search values (without their prefix) into the range they cover.</summary>
internal static partial class FhirSearchDates
{
    /// <summary>Time zone of values sent without an offset: the SAS is a French service.</summary>
    public static TimeZoneInfo DefaultTimeZone => ParisTime.Zone;

    public static bool TryParse(string raw, [NotNullWhen(false)] out string? error, out FhirDateRange range)
    {
        range = default;
        var value = RestorePlusInOffset(raw.Trim());
        var match = DatePattern().Match(value);
        if (!match.Success)
        {
            error = $"'{raw}' is not a FHIR date or dateTime (expected e.g. 2021-11-04, 2021-11-04T14:19:35 or 2021-11-04T14:19:35.760+01:00).";
            return false;
        }

        var year = Number(match, "y");
        if (year is < 1900 or > 9998)
        {
            error = $"'{raw}' is outside the years the hub can search (1900 to 9998).";
            return false;
        }

        var month = match.Groups["mo"].Success ? Number(match, "mo") : 1;
        var day = match.Groups["d"].Success ? Number(match, "d") : 1;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"'{raw}' is not a valid calendar date.";
            return false;
        }

        if (!match.Groups["h"].Success)
        {
            // A partial date covers its whole year, month or day, in French local time.
            var first = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
            var next = match.Groups["d"].Success ? first.AddDays(1) : match.Groups["mo"].Success ? first.AddMonths(1) : first.AddYears(1);
            range = new FhirDateRange(InDefaultZone(first), InDefaultZone(next).AddTicks(-1));
            error = null;
            return true;
        }

        var hour = Number(match, "h");
        var minute = Number(match, "mi");
        var second = match.Groups["s"].Success ? Number(match, "s") : 0;
        if (hour > 23 || minute > 59 || second > 59)
        {
            error = $"'{raw}' is not a valid time of day.";
            return false;
        }

        var offset = match.Groups["tz"].Success ? Offset(match.Groups["tz"].Value) : (TimeSpan?)null;
        if (offset is { } o && (o.Duration() > TimeSpan.FromHours(14)))
        {
            error = $"'{raw}' has an offset beyond ±14:00.";
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(FractionTicks(match));
        var instant = offset is { } known ? new DateTimeOffset(local, known) : InDefaultZone(local);

        // Values with a time are taken as instants: the SAS sends seconds or milliseconds, never coarser times.
        range = new FhirDateRange(instant, instant);
        error = null;
        return true;
    }

    // An unencoded '+' in a query string arrives URL-decoded as a space: "2021-11-04T14:19:35.760 00:00".
    private static string RestorePlusInOffset(string value)
    {
        var match = SpaceInsteadOfPlusPattern().Match(value);
        return match.Success ? match.Groups["dt"].Value + "+" + match.Groups["off"].Value : value;
    }

    // Outside the DST gap GetUtcOffset is exact; inside it (a local time that does not exist) it returns the
    // standard offset, which is as good an answer as any for a search bound.
    private static DateTimeOffset InDefaultZone(DateTime local) => new(local, DefaultTimeZone.GetUtcOffset(local));

    private static TimeSpan Offset(string tz)
    {
        if (tz == "Z")
        {
            return TimeSpan.Zero;
        }

        var offset = new TimeSpan(int.Parse(tz.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(tz.AsSpan(4, 2), CultureInfo.InvariantCulture), 0);
        return tz[0] == '-' ? -offset : offset;
    }

    private static long FractionTicks(Match match)
    {
        if (!match.Groups["f"].Success)
        {
            return 0;
        }

        // Ticks are 100 ns: keep seven digits, pad shorter fractions.
        var digits = match.Groups["f"].Value;
        digits = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<mo>\d{2})(?:-(?<d>\d{2})(?:T(?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,9}))?)?(?<tz>Z|[+-]\d{2}:[0-5]\d)?)?)?)?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<dt>\d{4}-\d{2}-\d{2}T[0-9:.]+) (?<off>\d{2}:\d{2})$")]
    private static partial Regex SpaceInsteadOfPlusPattern();
}
