using System.Globalization;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// An unavailability a publisher declares for a practitioner's place (truth.md R7), plain values: a period of
/// <c>PractitionerRole.notAvailable</c>, an open one (no <c>during</c>), an inactive role or an inactive schedule.
/// </summary>
internal sealed record AgendaUnavailability(string Kind, DateTimeOffset? Start = null, DateTimeOffset? End = null)
{
    public const string Period = "period";
    public const string Open = "open";
    public const string InactiveRole = "inactive-role";
    public const string InactiveSchedule = "inactive-schedule";

    /// <summary>R7: a slot that meets the period (or any slot of an open or inactive one) is not served.</summary>
    public bool Withholds(AgendaSlot slot) => Kind != Period || (Start < slot.End && End > slot.Start);

    /// <summary>From step arguments: kind <paramref name="kind"/> mod 5 (4: none, the declaration lifted); a period from now + (<paramref name="start"/> mod 72) − 6 h, lasting 1 + <paramref name="length"/> mod 48 h.</summary>
    public static AgendaUnavailability? From(int kind, int start, int length, DateTimeOffset now) => (kind % 5) switch
    {
        0 => new(Period, now.AddHours((start % 72) - 6), now.AddHours((start % 72) - 6 + 1 + (length % 48))),
        1 => new(Open),
        2 => new(InactiveRole),
        3 => new(InactiveSchedule),
        _ => null,
    };

    public static string Describe(AgendaUnavailability? unavailability) => unavailability switch
    {
        null => "available (declaration lifted)",
        { Kind: Period } => string.Create(CultureInfo.InvariantCulture, $"unavailable {unavailability.Start:HH:mm dd/MM}–{unavailability.End:HH:mm dd/MM}"),
        _ => "unavailable: " + unavailability.Kind,
    };
}
