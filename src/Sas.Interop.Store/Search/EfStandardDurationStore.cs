using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>
/// Standard durations from the served free slots and the places they lead to (their schedule's PractitionerRole):
/// a mode declared there wins (several places declaring different values: their median), else the median slot
/// length over the slots offering the mode. Slot lengths are tallied per whole minute, so memory stays small
/// whatever the number of slots (the export asks for every practitioner).
/// </summary>
internal sealed class EfStandardDurationStore(IDbContextFactory<HubDbContext> contextFactory) : IStandardDurationStore
{
    private static readonly ConsultationModes[] Modes = [ConsultationModes.Ambulatory, ConsultationModes.HomeVisit, ConsultationModes.Virtual];

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<StandardDuration>>> GetAsync(
        IReadOnlyCollection<string>? practitionerNationalIds, DateTimeOffset from, DateTimeOffset? until, DateTimeOffset? fetchedSince, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var fromUtc = from.UtcDateTime;

        // The slots the PS-individuel search serves.
        var slots = db.Slots.AsNoTracking().Served(new ServedSlotAsk(SlotStatus.Free, fetchedSince, PsIndividual: true))
            .Where(s => s.PractitionerNationalId != null && s.StartUtc >= fromUtc);
        if (practitionerNationalIds is not null)
        {
            var ids = practitionerNationalIds.ToList();
            slots = slots.Where(s => ids.Contains(s.PractitionerNationalId!));
        }

        if (until is { } end)
        {
            var untilUtc = end.UtcDateTime;
            slots = slots.Where(s => s.StartUtc < untilUtc);
        }

        var lengths = new Dictionary<(string Practitioner, ConsultationModes Mode), SortedDictionary<int, int>>();
        var agendas = new Dictionary<(string Source, string Schedule), string>();
        await foreach (var slot in slots.Select(s => new { s.PractitionerNationalId, s.SourceInstance, s.ScheduleNativeId, s.StartUtc, s.EndUtc, s.Modes }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            agendas[(slot.SourceInstance, slot.ScheduleNativeId)] = slot.PractitionerNationalId!;
            var minutes = (int)Math.Round((slot.EndUtc - slot.StartUtc).TotalMinutes, MidpointRounding.AwayFromZero);
            foreach (var mode in Modes.Where(m => ((ConsultationModes)slot.Modes).HasFlag(m)))
            {
                if (!lengths.TryGetValue((slot.PractitionerNationalId!, mode), out var tally))
                {
                    tally = [];
                    lengths[(slot.PractitionerNationalId!, mode)] = tally;
                }

                tally[minutes] = tally.GetValueOrDefault(minutes) + 1;
            }
        }

        var declared = await DeclaredAsync(db, agendas, cancellationToken);
        var result = new Dictionary<string, IReadOnlyList<StandardDuration>>(StringComparer.Ordinal);
        foreach (var practitioner in agendas.Values.Distinct(StringComparer.Ordinal))
        {
            var durations = new List<StandardDuration>();
            foreach (var mode in Modes)
            {
                if (declared.TryGetValue((practitioner, mode), out var values))
                {
                    durations.Add(new StandardDuration(mode, Median(values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count())), StandardDurationSource.Declared));
                }
                else if (lengths.TryGetValue((practitioner, mode), out var tally))
                {
                    durations.Add(new StandardDuration(mode, Median(tally), StandardDurationSource.Median));
                }
            }

            if (durations.Count > 0)
            {
                result[practitioner] = durations;
            }
        }

        return result;
    }

    /// <summary>The declared durations of the places the slots' schedules point to, per practitioner and mode (one value per place).</summary>
    private static async Task<Dictionary<(string, ConsultationModes), List<int>>> DeclaredAsync(
        HubDbContext db, Dictionary<(string Source, string Schedule), string> agendas, CancellationToken cancellationToken)
    {
        var declared = new Dictionary<(string, ConsultationModes), List<int>>();
        foreach (var bySource in agendas.Keys.GroupBy(k => k.Source, StringComparer.Ordinal))
        {
            var source = bySource.Key;
            foreach (var chunk in bySource.Select(k => k.Schedule).Chunk(SlotBulkInserter.MaxIdsPerStatement))
            {
                var scheduleIds = chunk.ToList();
                var rows = await (
                    from sc in db.Schedules.AsNoTracking()
                    where sc.SourceInstance == source && scheduleIds.Contains(sc.NativeId)
                    join p in db.Places.AsNoTracking() on new { sc.SourceInstance, NativeId = sc.PlaceNativeId! } equals new { p.SourceInstance, p.NativeId }
                    where p.DurationsJson != "[]"
                    select new { sc.NativeId, p.DurationsJson }).ToListAsync(cancellationToken);
                foreach (var row in rows)
                {
                    var practitioner = agendas[(source, row.NativeId)];
                    foreach (var duration in RowMapper.FromJson<List<DeclaredDuration>>(row.DurationsJson, []))
                    {
                        if (!declared.TryGetValue((practitioner, duration.Mode), out var values))
                        {
                            values = [];
                            declared[(practitioner, duration.Mode)] = values;
                        }

                        values.Add(duration.Minutes);
                    }
                }
            }
        }

        return declared;
    }

    /// <summary>The median of a tally (value → count); between two middle values, their mean rounded half up.</summary>
    internal static int Median(IReadOnlyDictionary<int, int> tally)
    {
        var ordered = tally.OrderBy(kv => kv.Key).ToList();
        var count = ordered.Sum(kv => kv.Value);
        int At(int index)
        {
            foreach (var (value, times) in ordered)
            {
                if (index < times)
                {
                    return value;
                }

                index -= times;
            }

            throw new InvalidOperationException("Index beyond the tally.");
        }

        return count % 2 == 1 ? At(count / 2) : (int)Math.Round((At((count / 2) - 1) + At(count / 2)) / 2.0, MidpointRounding.AwayFromZero);
    }
}
