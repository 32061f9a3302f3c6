using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>
/// Brings cached agendas whose content stamps are current but whose fetch stamps moved (a re-sync that found nothing
/// changed) up to date: reads only the keys and fetch times of the rows they hold, and makes new entries that share
/// their renderings and carry the new fetch times (served as <c>meta.lastUpdated</c>, the stale tag's and the
/// withholding's input).
/// </summary>
/// <remarks>
/// An update of fetch times only cannot add or remove a row of an entry, nor change a column the entry filters or
/// renders: those are content and bump <c>Stamp</c> (<see cref="ServedFetchStampTriggers"/>). So the rows read have the
/// entry's keys; a refresh that finds other keys gives up (the agenda is read again). The stamps are read once more
/// after the fetch times: a content write that committed in between (its fetch time would then be paired here with
/// the old rendering) shows in them, and the agenda is read again instead.
/// </remarks>
internal static class ServedAgendaRefresh
{
    /// <summary>
    /// The refreshed entries of <paramref name="agendas"/>, under <paramref name="stamps"/> (read before this); null for
    /// one that could not be refreshed.
    /// </summary>
    public static async Task<ServedAgenda?[]> RefreshAsync(
        HubDbContext db, List<ServedAgenda> agendas, IReadOnlyDictionary<string, ServedStamp[]> stamps, CancellationToken cancellationToken)
    {
        var results = new ServedAgenda?[agendas.Count];
        var slotTimes = new Dictionary<(string, string), (string NationalId, DateTime StartUtc, DateTime FetchedAtUtc)>();
        foreach (var group in agendas.GroupBy(a => a.Status))
        {
            var status = group.Key;
            var ids = group.Select(a => a.NationalId).ToList();
            var fromUtc = group.Min(a => a.FromUtc);
            var toUtc = group.Max(a => a.ToUtc);
            var rows = await db.Slots.AsNoTracking()
                .Served(new ServedSlotAsk(status, FetchedSince: null, PsIndividual: false))
                .Where(s => ids.Contains(s.PractitionerNationalId!) && s.StartUtc >= fromUtc && s.StartUtc <= toUtc)
                .Select(s => new { s.SourceInstance, s.NativeId, s.PractitionerNationalId, s.StartUtc, s.FetchedAtUtc })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                slotTimes[(row.SourceInstance, row.NativeId)] = (row.PractitionerNationalId!, row.StartUtc, row.FetchedAtUtc);
            }
        }

        var starts = slotTimes.Values.GroupBy(s => s.NationalId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(s => s.StartUtc).ToList(), StringComparer.Ordinal);
        var included = await IncludedFetchTimesAsync(db, agendas, cancellationToken);
        var recheck = await ServedAgendaSearch.ReadStampsAsync(db, [.. agendas.Select(a => a.NationalId)], cancellationToken);

        // One record per included row, shared by the slots that bring it in (as a load does).
        var records = new Dictionary<ServedRecord, ServedRecord>(ReferenceEqualityComparer.Instance);
        var schedules = new Dictionary<ServedSchedule, ServedSchedule>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < agendas.Count; i++)
        {
            var agenda = agendas[i];
            if (!agenda.IsCurrent(recheck.GetValueOrDefault(agenda.NationalId) ?? []))
            {
                continue;
            }

            var inRange = starts.TryGetValue(agenda.NationalId, out var held) ? held.Count(start => start >= agenda.FromUtc && start <= agenda.ToUtc) : 0;
            if (inRange != agenda.Slots.Length)
            {
                continue;
            }

            var slots = new AgendaSlot[agenda.Slots.Length];
            var complete = true;
            for (var j = 0; j < slots.Length && complete; j++)
            {
                var slot = agenda.Slots[j];
                if (!slotTimes.TryGetValue((slot.SourceInstance, slot.NativeId), out var times) || times.NationalId != agenda.NationalId)
                {
                    complete = false;
                    break;
                }

                slots[j] = slot.Slot is null
                    ? slot with { FetchedAtUtc = times.FetchedAtUtc }
                    : slot with
                    {
                        FetchedAtUtc = times.FetchedAtUtc,
                        Slot = slot.Slot with { Record = slot.Slot.Record with { FetchedAt = RowMapper.Offset(times.FetchedAtUtc) } },
                        Schedule = Refreshed(schedules, slot.Schedule!, s => Refreshed(records, s.Record, included.Schedules) is { } r ? s with { Record = r } : null),
                        Practitioner = Refreshed(records, slot.Practitioner!, included.Practitioners),
                        Place = slot.Place is null ? null : Refreshed(records, slot.Place, included.Places),
                    };
                complete &= slots[j].Slot is null || (slots[j].Schedule is not null && slots[j].Practitioner is not null && (slot.Place is null || slots[j].Place is not null));
            }

            if (complete)
            {
                results[i] = agenda with { Stamps = stamps.GetValueOrDefault(agenda.NationalId) ?? [], Slots = slots };
            }
        }

        return results;
    }

    private static ServedSchedule? Refreshed(Dictionary<ServedSchedule, ServedSchedule> done, ServedSchedule schedule, Func<ServedSchedule, ServedSchedule?> refresh)
    {
        if (!done.TryGetValue(schedule, out var refreshed))
        {
            if (refresh(schedule) is not { } fresh)
            {
                return null;
            }

            done[schedule] = refreshed = fresh;
        }

        return refreshed;
    }

    private static ServedRecord? Refreshed(Dictionary<ServedRecord, ServedRecord> done, ServedRecord record, Dictionary<(string, string), DateTime> fetchTimes)
    {
        if (done.TryGetValue(record, out var refreshed))
        {
            return refreshed;
        }

        if (!fetchTimes.TryGetValue((record.SourceInstance, record.NativeId), out var fetchedAtUtc))
        {
            return null;
        }

        return done[record] = record with { FetchedAt = RowMapper.Offset(fetchedAtUtc) };
    }

    /// <summary>The fetch times of the schedules, practitioners and places the entries' slots bring in, in one statement.</summary>
    private static async Task<(Dictionary<(string, string), DateTime> Schedules, Dictionary<(string, string), DateTime> Practitioners, Dictionary<(string, string), DateTime> Places)> IncludedFetchTimesAsync(
        HubDbContext db, List<ServedAgenda> agendas, CancellationToken cancellationToken)
    {
        var rendered = agendas.SelectMany(a => a.Slots).Where(s => s.Slot is not null).ToList();
        var result = (Schedules: new Dictionary<(string, string), DateTime>(), Practitioners: new Dictionary<(string, string), DateTime>(), Places: new Dictionary<(string, string), DateTime>());
        if (rendered.Count == 0)
        {
            return result;
        }

        var sources = rendered.Select(s => s.SourceInstance).Distinct(StringComparer.Ordinal).ToList();
        var scheduleIds = rendered.Select(s => s.Schedule!.Record.NativeId).Distinct(StringComparer.Ordinal).ToList();
        var practitionerIds = rendered.Select(s => s.Practitioner!.NativeId).Distinct(StringComparer.Ordinal).ToList();
        var placeIds = rendered.Where(s => s.Place is not null).Select(s => s.Place!.NativeId).Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Schedules.AsNoTracking()
            .Where(s => sources.Contains(s.SourceInstance) && scheduleIds.Contains(s.NativeId))
            .Select(s => new FetchTime { Kind = 1, SourceInstance = s.SourceInstance, NativeId = s.NativeId, FetchedAtUtc = s.FetchedAtUtc })
            .Concat(db.Practitioners.AsNoTracking()
                .Where(p => sources.Contains(p.SourceInstance) && practitionerIds.Contains(p.NativeId))
                .Select(p => new FetchTime { Kind = 2, SourceInstance = p.SourceInstance, NativeId = p.NativeId, FetchedAtUtc = p.FetchedAtUtc }))
            .Concat(db.Places.AsNoTracking()
                .Where(p => sources.Contains(p.SourceInstance) && placeIds.Contains(p.NativeId))
                .Select(p => new FetchTime { Kind = 3, SourceInstance = p.SourceInstance, NativeId = p.NativeId, FetchedAtUtc = p.FetchedAtUtc }))
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var times = row.Kind switch { 1 => result.Schedules, 2 => result.Practitioners, _ => result.Places };
            times[(row.SourceInstance, row.NativeId)] = row.FetchedAtUtc;
        }

        return result;
    }

    /// <summary>One row of the UNION ALL (EF needs settable members to line up its columns).</summary>
    private sealed class FetchTime
    {
        public int Kind { get; init; }

        public required string SourceInstance { get; init; }

        public required string NativeId { get; init; }

        public DateTime FetchedAtUtc { get; init; }
    }
}
