namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// The one rule for when a slot may start and end, pulled or pushed: from a year before now to a year after it.
/// A year 0001 or 9999 slot is a publisher's bug, not an offer. The hub has no hub-wide horizon to borrow: a pulled
/// batch is also held to its connector's own window (<c>WindowHours</c>, out-of-window), a push to nothing else.
/// A year ahead keeps any real bookable agenda; a year back keeps a late correction of a past slot.
/// </summary>
public static class SlotTimeWindow
{
    public static readonly TimeSpan MaxPast = TimeSpan.FromDays(365);

    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(365);

    public static DateTimeOffset EarliestAt(DateTimeOffset now) => now - MaxPast;

    public static DateTimeOffset LatestAt(DateTimeOffset now) => now + MaxAhead;

    public static bool Contains(DateTimeOffset instant, DateTimeOffset now) => instant >= EarliestAt(now) && instant <= LatestAt(now);
}
