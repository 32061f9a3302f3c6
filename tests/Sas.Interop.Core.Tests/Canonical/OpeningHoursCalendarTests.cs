using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Tests.Canonical;

/// <summary>Issue #18 item 7: whether a place is open at an instant, in Paris time, from its FHIR opening hours.</summary>
public sealed class OpeningHoursCalendarTests
{
    private static readonly CanonicalOpeningHours WeekdayMornings = new(["mon", "tue", "wed", "thu", "fri"], false, "08:00:00", "12:00:00");

    [TestCase("2026-03-10T07:00:00Z", true, TestName = "Tuesday 08:00 Paris (winter, UTC+1): opening time included")]
    [TestCase("2026-03-10T11:00:00Z", false, TestName = "Tuesday 12:00 Paris: closing time excluded")]
    [TestCase("2026-07-07T06:30:00Z", true, TestName = "Tuesday 08:30 Paris (summer, UTC+2)")]
    [TestCase("2026-07-07T10:30:00Z", false, TestName = "Tuesday 12:30 Paris in summer, 10:30 UTC")]
    [TestCase("2026-03-14T08:00:00Z", false, TestName = "Saturday: not a listed day")]
    public void Weekday_mornings(string instant, bool open) =>
        Assert.That(OpeningHoursCalendar.IsOpenAt([WeekdayMornings], DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(open));

    [Test]
    public void All_day_no_days_past_midnight_and_no_hours()
    {
        var saturday = DateTimeOffset.Parse("2026-03-14T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture); // 23:00 Paris
        var sundayNight = DateTimeOffset.Parse("2026-03-15T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture); // Sunday 02:00 Paris

        Assert.That(OpeningHoursCalendar.IsOpenAt([new(["sat"], true, null, null)], saturday), Is.True, "all day");
        Assert.That(OpeningHoursCalendar.IsOpenAt([new([], false, "20:00:00", null)], saturday), Is.True, "no days listed: every day; no closing: until midnight");
        Assert.That(OpeningHoursCalendar.IsOpenAt([new(["sat"], false, "20:00", "08:00")], sundayNight), Is.True, "Saturday night shift running into Sunday");
        Assert.That(OpeningHoursCalendar.IsOpenAt([new(["sat"], false, null, "23:30:00")], saturday), Is.False, "no opening time says nothing");
        Assert.That(OpeningHoursCalendar.IsOpenAt([], saturday), Is.False, "no hours: not known to be open");
    }
}
