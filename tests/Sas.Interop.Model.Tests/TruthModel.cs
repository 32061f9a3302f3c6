namespace Sas.Interop.Model.Tests;

/// <summary>
/// The reference model of served truth (issue #14, rules R1–R7), in plain C#: what the pulled publisher says, the
/// configuration (roster, instance, push publisher), what each key's last successful sync said, what was pushed,
/// bookings, and the clock. Knows nothing of the store, the normaliser or the hub's code.
/// </summary>
internal sealed partial class TruthModel
{
    public const string Instance = "sim";
    public const string PushSource = "push-alpha";
    public const int WindowHours = 72;
    public const int BatchSize = 2;
    public static readonly TimeSpan StaleAfter = new(0, 30, 30);
    public static readonly TimeSpan WithholdAfter = new(3, 0, 30);

    public TruthModel(IEnumerable<AgendaPractitioner> agenda, IEnumerable<string> roster, (int MinPrevious, double Ratio, int AcceptAfter)? guard = null)
    {
        foreach (var practitioner in agenda)
        {
            Agenda[practitioner.NationalId] = practitioner;
            AllPractitioners.Add(practitioner.NationalId);
        }

        Roster.AddRange(roster);
        Guard = guard;
    }

    /// <summary>The pulled publisher's agenda now (what its next answer will say).</summary>
    public Dictionary<string, AgendaPractitioner> Agenda { get; } = new(StringComparer.Ordinal);

    /// <summary>Every practitioner the publisher knows, in order (the search asks for all of them).</summary>
    public List<string> AllPractitioners { get; } = [];

    /// <summary>The instance's configured roster (batches are chunks of it in ordinal key order, as the hub reads its roster from the database).</summary>
    public List<string> Roster { get; } = [];

    /// <summary>False when the instance is disabled or removed from the configuration.</summary>
    public bool InstanceEnabled { get; set; } = true;

    /// <summary>True when the instance is in the configuration at all (disabled or not).</summary>
    public bool InstanceConfigured { get; set; } = true;

    public bool PublisherConfigured { get; set; } = true;

    /// <summary>Per roster key: the last successful sync of its batch.</summary>
    public Dictionary<string, PulledKey> Pulled { get; } = new(StringComparer.Ordinal);

    /// <summary>Alpha's pushed slots by identity (the id of <c>PUT Slot/{id}</c>, or <c>system|value</c> of a conditional write).</summary>
    public Dictionary<string, PushedSlot> Pushed { get; } = new(StringComparer.Ordinal);

    /// <summary>Alpha's pushed practitioners: family and place as pushed.</summary>
    public Dictionary<string, (string Family, int Place)> PushedPractitioners { get; } = new(StringComparer.Ordinal);

    /// <summary>R7: what alpha last pushed of its practitioners' availability (their PractitionerRole or Schedule).</summary>
    public Dictionary<string, AgendaUnavailability> PushedUnavailabilities { get; } = new(StringComparer.Ordinal);

    /// <summary>Booking time per slot: <see cref="ServedSlot.Key"/> of a pulled slot, the <see cref="Pushed"/> identity of a pushed one.</summary>
    public Dictionary<string, DateTimeOffset> Bookings { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string[]> Batches => Roster.Order(StringComparer.Ordinal).Chunk(BatchSize);

    public int SlotCount => Agenda.Values.Sum(p => p.Slots.Count);

    /// <summary>
    /// The suspicious-drop guard as the sequence configures it (<c>Sync:SuspiciousDrop</c>), null when out of reach. A
    /// snapshot whose slot count for its batch falls below <c>Ratio</c> of at least <c>MinPrevious</c> held is a failed
    /// batch until the <c>AcceptAfter</c>-th run in a row shows it.
    /// </summary>
    public (int MinPrevious, double Ratio, int AcceptAfter)? Guard { get; }

    /// <summary>Per batch (instance and keys, joined): runs in a row that showed a suspicious drop. In memory: a restart resets it.</summary>
    public Dictionary<string, int> SuspiciousRuns { get; } = new(StringComparer.Ordinal);

    /// <summary>R1: a sync started at <paramref name="now"/>, each batch fetched then, whose batches in <paramref name="faulted"/> failed.</summary>
    public void Sync(DateTimeOffset now, IReadOnlySet<int> faulted, IReadOnlySet<int>? empty = null) => Sync(now, faulted, _ => now, empty);

    /// <summary>
    /// R1: a sync started at <paramref name="started"/> (its window), batch i fetched at <paramref name="fetchedAt"/>(i);
    /// batches in <paramref name="faulted"/> failed, those in <paramref name="empty"/> answered an empty searchset (a real
    /// answer: those keys' slots are gone, unless the guard holds it).
    /// </summary>
    public void Sync(DateTimeOffset started, IReadOnlySet<int> faulted, Func<int, DateTimeOffset> fetchedAt, IReadOnlySet<int>? empty = null)
    {
        if (!InstanceEnabled)
        {
            return;
        }

        var utc = started.ToUniversalTime();
        var windowStart = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        var windowEnd = windowStart.AddHours(WindowHours);
        bool InWindow(AgendaSlot s) => s.Start >= windowStart && s.Start <= windowEnd;
        var index = 0;
        foreach (var batch in Batches)
        {
            var at = fetchedAt(index);
            var answeredEmpty = empty?.Contains(index) == true;
            if (faulted.Contains(index++))
            {
                continue;
            }

            var answer = batch.ToDictionary(
                key => key,
                key => answeredEmpty ? [] : Agenda[key].Slots.Values.Where(InWindow).Select(s => new PulledFact(s, Agenda[key].Family, Agenda[key].Place)).ToList(),
                StringComparer.Ordinal);
            var held = batch.Sum(key => Pulled.TryGetValue(key, out var pulled) ? pulled.Facts.Count(f => InWindow(f.Slot)) : 0);
            if (HeldBack(Instance + "|" + string.Join(",", batch), answer.Values.Sum(f => f.Count), held))
            {
                continue;
            }

            foreach (var key in batch)
            {
                Pulled[key] = new PulledKey(at, answer[key]) { Unavailability = Agenda[key].Unavailability };
            }
        }
    }

    /// <summary>R1's guard: true when this batch's snapshot (<paramref name="scope"/>: instance and keys) is held back (treated as a failed batch) on this run.</summary>
    private bool HeldBack(string scope, int incoming, int held)
    {
        if (Guard is not { } guard || guard.AcceptAfter <= 1)
        {
            return false;
        }

        if (held < guard.MinPrevious || incoming >= held * guard.Ratio)
        {
            SuspiciousRuns.Remove(scope);
            return false;
        }

        var seen = SuspiciousRuns.GetValueOrDefault(scope) + 1;
        if (seen >= guard.AcceptAfter)
        {
            SuspiciousRuns.Remove(scope);
            return false;
        }

        SuspiciousRuns[scope] = seen;
        return true;
    }

    /// <summary>R2: a roster key removed (the restart applies it): its facts are gone; re-added, it waits for a sync.</summary>
    public void RemoveFromRoster(string key)
    {
        Roster.Remove(key);
        Pulled.Remove(key);
    }

    /// <summary>R2: the instance disabled or removed: none of its facts is served, and none comes back before a sync.</summary>
    public void DropInstanceFacts() => Pulled.Clear();

    /// <summary>R2: Publishers:alpha removed: its pushed data is gone for good.</summary>
    public void DropPushedFacts()
    {
        Pushed.Clear();
        PushedPractitioners.Clear();
        PushedUnavailabilities.Clear();
        PushedStructureSlots.Clear();
    }

    /// <summary>What the PS-individuel search over [now, now + WindowHours], status=free, must answer.</summary>
    public List<ServedSlot> Expected(DateTimeOffset now, Func<int, string> placeKey)
    {
        var to = now.AddHours(WindowHours);
        var served = new List<ServedSlot>();
        if (InstanceEnabled)
        {
            foreach (var key in Roster)
            {
                if (!Pulled.TryGetValue(key, out var pulled) || now - pulled.FetchedAt > WithholdAfter)
                {
                    continue;
                }

                foreach (var fact in pulled.Facts)
                {
                    var slot = new ServedSlot(Instance, fact.Slot.Id, fact.Slot.Start, fact.Slot.End, "free", key, fact.Family, placeKey(fact.Place), fact.Slot.Modes, fact.Slot.Types, now - pulled.FetchedAt > StaleAfter);
                    if (fact.Slot.Free && InSearch(fact.Slot, now, to) && !BookedSince(slot.Key, pulled.FetchedAt) && pulled.Unavailability?.Withholds(fact.Slot) != true)
                    {
                        served.Add(slot);
                    }
                }
            }
        }

        if (PublisherConfigured)
        {
            foreach (var (identity, pushed) in Pushed)
            {
                if (now - pushed.At > WithholdAfter || !pushed.Slot.Free || !InSearch(pushed.Slot, now, to))
                {
                    continue;
                }

                var (family, place) = PushedPractitioners[pushed.NationalId];
                var slot = new ServedSlot(PushSource, identity.Contains('|', StringComparison.Ordinal) ? ServedAnswer.ConditionalIdentity : identity, pushed.Slot.Start, pushed.Slot.End, "free", pushed.NationalId, family, placeKey(place), pushed.Slot.Modes, pushed.Slot.Types, now - pushed.At > StaleAfter);
                if (!BookedSince(identity, pushed.At) && PushedUnavailabilities.GetValueOrDefault(pushed.NationalId)?.Withholds(pushed.Slot) != true)
                {
                    served.Add(slot);
                }
            }
        }

        return [.. served.OrderBy(s => s.Key, StringComparer.Ordinal)];
    }

    /// <summary>R4: the newest fact wins, by time of fact: a booking at or after the fact's fetch (or push) holds.</summary>
    private bool BookedSince(string key, DateTimeOffset factAt) => Bookings.TryGetValue(key, out var bookedAt) && bookedAt >= factAt;

    private static bool InSearch(AgendaSlot slot, DateTimeOffset from, DateTimeOffset to) => slot.Start >= from && slot.Start <= to;
}
