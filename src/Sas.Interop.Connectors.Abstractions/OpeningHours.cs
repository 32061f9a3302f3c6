namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// When a place is open (the contained <c>Location.hoursOfOperation</c>), Europe/Paris time: the SAS sees them on the
/// place and sorts open places first (<c>_sort=hub-open-now</c>). No day listed means every day; a closing time before
/// the opening one runs past midnight.
/// </summary>
public sealed record OpeningHours
{
    /// <summary>Open from <paramref name="opening"/> to <paramref name="closing"/> on <paramref name="days"/>.</summary>
    public OpeningHours(IReadOnlyList<DayOfWeek> days, TimeOnly opening, TimeOnly closing)
        : this(days, allDay: false)
    {
        if (opening == closing)
        {
            throw new ArgumentException($"Opening and closing times are both {opening:HH:mm}: say AllDayOn(...) for a place open all day.", nameof(closing));
        }

        Opening = opening;
        Closing = closing;
    }

    private OpeningHours(IReadOnlyList<DayOfWeek> days, bool allDay)
    {
        ArgumentNullException.ThrowIfNull(days);
        foreach (var day in days)
        {
            if (!Enum.IsDefined(day))
            {
                throw new ArgumentOutOfRangeException(nameof(days), day, "Not a day of the week.");
            }
        }

        Days = [.. days.Distinct()];
        AllDay = allDay;
    }

    public IReadOnlyList<DayOfWeek> Days { get; }

    public bool AllDay { get; }

    /// <summary>Null when <see cref="AllDay"/>.</summary>
    public TimeOnly? Opening { get; }

    /// <summary>Null when <see cref="AllDay"/>.</summary>
    public TimeOnly? Closing { get; }

    /// <summary>Open all day on <paramref name="days"/> (none: every day).</summary>
    public static OpeningHours AllDayOn(params DayOfWeek[] days) => new(days, allDay: true);
}
