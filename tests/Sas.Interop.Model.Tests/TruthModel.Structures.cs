namespace Sas.Interop.Model.Tests;

/// <summary>
/// The model's structure agendas (truth.md, "Structure agendas"): a second pulled instance, <c>sas-fhir</c> with
/// <c>Flow: structure</c>, whose roster of structures (<c>1</c>+FINESS, <c>3</c>+SIRET) lives in the database (seeded
/// by configuration, changed by the roster endpoints without restart). R1, R2, R5, R6 and R7 (an inactive Schedule)
/// as for practitioners; the Schedule search by structure serves only slots typed PUBLIC or SNP, and shows only those
/// two types (the SOS Slot profile's value set).
/// </summary>
internal sealed partial class TruthModel
{
    public const string StructureInstance = "cds";

    /// <summary>The pulled publisher's structure agendas now.</summary>
    public Dictionary<string, AgendaStructure> Structures { get; } = new(StringComparer.Ordinal);

    /// <summary>Every structure the publisher knows, in order.</summary>
    public List<string> AllStructures { get; } = [];

    /// <summary>The structures the configuration seeds the roster with (<c>Organizations</c>): back in the roster at every start-up.</summary>
    public List<string> ConfiguredStructures { get; } = [];

    /// <summary>The structure instance's roster as the database holds it.</summary>
    public List<string> StructureRoster { get; } = [];

    /// <summary>Per structure of the roster: the last successful sync of its batch.</summary>
    public Dictionary<string, PulledStructure> StructurePulled { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string[]> StructureBatches => StructureRoster.Order(StringComparer.Ordinal).Chunk(BatchSize);

    public int StructureSlotCount => Structures.Values.Sum(s => s.Slots.Count);

    /// <summary>The structure alpha pushes (a FINESS no instance rosters): national id, category, place.</summary>
    public (string NationalId, string Category, int Place) PushedStructure { get; set; }

    /// <summary>R3: alpha's pushed slots of <see cref="PushedStructure"/> by id, with when they were written.</summary>
    public Dictionary<string, (AgendaSlot Slot, DateTimeOffset At)> PushedStructureSlots { get; } = new(StringComparer.Ordinal);

    public void AddStructures(IEnumerable<AgendaStructure> structures, int configured)
    {
        foreach (var structure in structures)
        {
            Structures[structure.NationalId] = structure;
            AllStructures.Add(structure.NationalId);
        }

        ConfiguredStructures.AddRange(AllStructures.Take(configured));
        StructureRoster.AddRange(ConfiguredStructures);
    }

    /// <summary>
    /// R1 for the structure instance: a sync started at <paramref name="now"/>; batches in <paramref name="faulted"/>
    /// failed, those in <paramref name="empty"/> answered an empty searchset. The publisher's answer is the Schedule
    /// search with <c>status=free</c>: only free slots in the window.
    /// </summary>
    public void SyncStructures(DateTimeOffset now, IReadOnlySet<int> faulted, IReadOnlySet<int>? empty = null)
    {
        var utc = now.ToUniversalTime();
        var windowStart = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        var windowEnd = windowStart.AddHours(WindowHours);
        bool InWindow(AgendaSlot s) => s.Start >= windowStart && s.Start <= windowEnd;
        var index = 0;
        foreach (var batch in StructureBatches)
        {
            var answeredEmpty = empty?.Contains(index) == true;
            if (faulted.Contains(index++))
            {
                continue;
            }

            var answer = batch.ToDictionary(
                key => key,
                key => answeredEmpty ? [] : Structures[key].Slots.Values.Where(s => s.Free && InWindow(s)).ToList(),
                StringComparer.Ordinal);
            var held = batch.Sum(key => StructurePulled.TryGetValue(key, out var pulled) ? pulled.Slots.Count(InWindow) : 0);
            if (HeldBack(StructureInstance + "|" + string.Join(",", batch), answer.Values.Sum(s => s.Count), held))
            {
                continue;
            }

            foreach (var key in batch)
            {
                StructurePulled[key] = new PulledStructure(now, answer[key], Structures[key].Place, Structures[key].ScheduleInactive);
            }
        }
    }

    /// <summary>R2: <c>DELETE …/roster/{key}</c>: withdrawn at once; back only after a sync that follows its return.</summary>
    public void RemoveStructure(string key)
    {
        StructureRoster.Remove(key);
        StructurePulled.Remove(key);
    }

    /// <summary>R2 at a start-up: the configuration's keys are in the roster again (uploaded ones stay).</summary>
    public void SeedStructureRoster()
    {
        foreach (var key in ConfiguredStructures.Where(key => !StructureRoster.Contains(key)))
        {
            StructureRoster.Add(key);
        }
    }

    /// <summary>What the Schedule search by structure (the whole structure list, [now, now + WindowHours], status=free) must answer.</summary>
    public List<ServedStructureSlot> ExpectedStructures(DateTimeOffset now, Func<int, string> placeKey)
    {
        var to = now.AddHours(WindowHours);
        var served = new List<ServedStructureSlot>();
        foreach (var key in StructureRoster)
        {
            if (!StructurePulled.TryGetValue(key, out var pulled) || now - pulled.FetchedAt > WithholdAfter || pulled.ScheduleInactive)
            {
                continue;
            }

            var structure = Structures[key];
            var shape = structure.Category is null ? "sos/-" : "plain/" + structure.Category;
            foreach (var slot in pulled.Slots.Where(s => s.Free && s.Start >= now && s.Start <= to))
            {
                var types = ServedAnswer.Join(slot.Types.Split('+').Where(t => t is "PUBLIC" or "SNP"));
                if (types.Length > 0)
                {
                    served.Add(new ServedStructureSlot(StructureInstance, slot.Id, slot.Start, slot.End, "free", key, shape, placeKey(pulled.Place), slot.Modes, types, now - pulled.FetchedAt > StaleAfter));
                }
            }
        }

        if (PublisherConfigured)
        {
            foreach (var (id, (slot, at)) in PushedStructureSlots)
            {
                var types = ServedAnswer.Join(slot.Types.Split('+').Where(t => t is "PUBLIC" or "SNP"));
                if (now - at <= WithholdAfter && slot.Free && slot.Start >= now && slot.Start <= to && types.Length > 0)
                {
                    served.Add(new ServedStructureSlot(PushSource, id, slot.Start, slot.End, "free", PushedStructure.NationalId, "plain/" + PushedStructure.Category, placeKey(PushedStructure.Place), slot.Modes, types, now - at > StaleAfter));
                }
            }
        }

        return [.. served.OrderBy(s => s.Key, StringComparer.Ordinal)];
    }
}
