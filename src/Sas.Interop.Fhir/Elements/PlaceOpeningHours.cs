using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Fhir.Elements;

/// <summary>
/// A PS place's opening hours: its Location's <c>hoursOfOperation</c> (as SOS places), else the PractitionerRole's
/// <c>availableTime</c> (when the practitioner is at that place: the same shape, and what PS software fills); served
/// back as the contained Location's <c>hoursOfOperation</c>. Unreadable days or times are dropped (reported as
/// unreadable values by the normaliser), never the place.
/// </summary>
internal static class PlaceOpeningHours
{
    public static IReadOnlyList<CanonicalOpeningHours> Read(PractitionerRole role, Location location)
    {
        if (location.HoursOfOperation.Count > 0)
        {
            return [.. location.HoursOfOperation.Select(h => new CanonicalOpeningHours(Days(h.DaysOfWeekElement), FhirValues.Boolean(h.AllDayElement) ?? false, Time(h.OpeningTimeElement), Time(h.ClosingTimeElement)))];
        }

        return [.. role.AvailableTime.Select(t => new CanonicalOpeningHours(Days(t.DaysOfWeekElement), FhirValues.Boolean(t.AllDayElement) ?? false, Time(t.AvailableStartTimeElement), Time(t.AvailableEndTimeElement)))];
    }

    public static void Write(Location location, IReadOnlyList<CanonicalOpeningHours> hours)
    {
        foreach (var entry in hours)
        {
            location.HoursOfOperation.Add(new Location.HoursOfOperationComponent
            {
                DaysOfWeek = [.. entry.Days.Select(d => Hl7.Fhir.Utility.EnumUtility.ParseLiteral<DaysOfWeek>(d)).Where(d => d is not null)],
                AllDay = entry.AllDay ? true : null,
                OpeningTime = entry.Opening,
                ClosingTime = entry.Closing,
            });
        }
    }

    private static List<string> Days(IEnumerable<Code<DaysOfWeek>> days) =>
        [.. days.Select(FhirValues.Enum).OfType<DaysOfWeek>().Select(d => d.ToString().ToLowerInvariant()[..3])];

    private static string? Time(Time? time) => time is not null && time.HasValidValue() ? FhirValues.Text(time.Value) : null;
}
