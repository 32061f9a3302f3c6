using System.Collections.Concurrent;
using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Benchmarks.Data;

/// <summary>
/// One pull source as its publisher would answer a re-sync right now: the generated agendas, regenerated identically
/// (so a re-sync of an untouched group is the common case, a fetch-time refresh), except for the practitioners moved
/// so far (each move re-draws that practitioner's slot times, and they stay there until the next move) and the slots
/// booked through the hub (a publisher lists free slots only, so a booked slot leaves its next answer). Thread-safe:
/// the re-sync loop and the booking loop read it at once.
/// </summary>
internal sealed class LiveAgenda(AgendaGenerator generator)
{
    // Practitioner index → how many times it moved.
    private readonly ConcurrentDictionary<int, int> _moves = new();
    private readonly ConcurrentDictionary<string, byte> _booked = new(StringComparer.Ordinal);

    public AgendaGenerator Generator => generator;

    public string SourceInstance => generator.SourceInstance;

    /// <summary>Moves each practitioner of <paramref name="group"/> with probability <paramref name="share"/>; returns how many moved.</summary>
    public int Move(int group, Random random, double share)
    {
        var moved = 0;
        for (var index = generator.FirstPractitionerOf(group); index < generator.FirstPractitionerOf(group + 1); index++)
        {
            if (random.NextDouble() < share)
            {
                _moves.AddOrUpdate(index, 1, (_, version) => version + 1);
                moved++;
            }
        }

        return moved;
    }

    /// <summary>Remembers a slot the hub booked: the publisher stops listing it.</summary>
    public void MarkBooked(string nativeId) => _booked.TryAdd(nativeId, 0);

    /// <summary>What the publisher answers for <paramref name="group"/> now (fetch times: now).</summary>
    public NormalizedBatch Current(int group)
    {
        var batch = generator.Batch(group);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = generator.FirstPractitionerOf(group); index < generator.FirstPractitionerOf(group + 1); index++)
        {
            if (_moves.TryGetValue(index, out var version))
            {
                versions[AgendaGenerator.NationalId(index)] = version;
            }
        }

        if (versions.Count == 0 && _booked.IsEmpty)
        {
            return batch;
        }

        var slots = new List<CanonicalSlot>(batch.Slots.Count);
        for (var i = 0; i < batch.Slots.Count; i++)
        {
            var slot = batch.Slots[i];
            if (_booked.ContainsKey(slot.NativeId))
            {
                continue;
            }

            slots.Add(slot.PractitionerNationalId is { } practitioner && versions.TryGetValue(practitioner, out var version) ? Moved(slot, version, i) : slot);
        }

        return batch with { Slots = slots };
    }

    // A moved slot keeps its id, place and kind; only its time changes, drawn as the generator draws it.
    private CanonicalSlot Moved(CanonicalSlot slot, int version, int ordinal)
    {
        var random = new Random(HashCode.Combine(slot.PractitionerNationalId, version, ordinal));
        var start = generator.Anchor.AddDays(random.Next(AgendaGenerator.Days)).AddHours(random.Next(8, 19)).AddMinutes(15 * random.Next(4));
        return slot with { Start = start, End = start + (slot.End - slot.Start) };
    }
}
