using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>
/// The PS-individuel served search through the <see cref="ServedAgendaCache"/>: one query for the asked practitioners'
/// stamps, their agendas from the cache where the stamps still match, the others read (slots, then their schedules,
/// practitioners and places) and cached; the answer is then filtered and ordered in memory exactly as the database
/// search does it (same filter, same order, same includes; tests compare the two).
/// </summary>
internal static class ServedAgendaSearch
{
    /// <summary>
    /// How far past the asked window an agenda is read: the SAS's window slides with the clock, and an entry keeps
    /// answering it this long before it is read again. Reading the whole agenda instead (all statuses, 14 days) made a
    /// miss five times dearer than the database search it replaces.
    /// </summary>
    internal static readonly TimeSpan ReadAhead = TimeSpan.FromHours(1);

    // Rough cost of the objects around a rendering (records, strings, dictionary slots), for the cache's byte budget.
    private const int OverheadPerSlot = 320;
    private const int OverheadPerAgenda = 256;

    /// <summary>The answer, or null when an asked practitioner's rows cannot be served from the cache (read the database).</summary>
    public static async Task<ServedSlotSearchResult?> SearchAsync(
        HubDbContext db, SlotSearchCriteria criteria, byte format, ServedAgendaCache cache, CancellationToken cancellationToken)
    {
        var ids = criteria.PractitionerNationalIds.Distinct(StringComparer.Ordinal).ToList();
        var status = (int)criteria.Status;
        var fromUtc = criteria.From.UtcDateTime;
        var toUtc = criteria.To.UtcDateTime;

        // Stamps first, rows after: an entry may then be newer than its stamps (it is reloaded once more), never older.
        var stamps = await ReadStampsAsync(db, ids, cancellationToken);
        var agendas = new List<ServedAgenda>(ids.Count);
        List<string>? missing = null;
        List<ServedAgenda>? stale = null;
        foreach (var id in ids)
        {
            var current = stamps.GetValueOrDefault(id) ?? [];
            if (cache.Find(id, current, status, fromUtc, toUtc) is not { } agenda)
            {
                (missing ??= []).Add(id);
            }
            else if (agenda.IsFresh(current))
            {
                agendas.Add(agenda);
            }
            else if (!agenda.Servable)
            {
                // Answered from the database whatever its fetch times: nothing to read.
                var refreshed = agenda with { Stamps = current };
                cache.AddRefreshed(refreshed);
                agendas.Add(refreshed);
            }
            else
            {
                // Only fetch times were written since it was read (an unchanged re-sync): read those again.
                (stale ??= []).Add(agenda);
            }
        }

        if (stale is not null)
        {
            var refreshed = await ServedAgendaRefresh.RefreshAsync(db, stale, stamps, cancellationToken);
            for (var i = 0; i < stale.Count; i++)
            {
                if (refreshed[i] is { } agenda)
                {
                    cache.AddRefreshed(agenda);
                    agendas.Add(agenda);
                }
                else
                {
                    cache.RefreshFailed();
                    (missing ??= []).Add(stale[i].NationalId);
                }
            }
        }

        if (missing is not null)
        {
            var range = new AgendaRange(status, fromUtc, toUtc > DateTime.MaxValue - ReadAhead ? DateTime.MaxValue : toUtc + ReadAhead);
            foreach (var agenda in await LoadAsync(db, missing, stamps, range, format, cancellationToken))
            {
                cache.Add(agenda);
                agendas.Add(agenda);
            }
        }

        return agendas.TrueForAll(a => a.Servable) ? Compose(agendas, criteria) : null;
    }

    /// <summary>
    /// The stamps of <paramref name="ids"/>, by practitioner, in source order. Plain ADO.NET on the search's open
    /// connection: this read runs for every search, and EF's per-query work was more than half of its time.
    /// </summary>
    internal static async Task<Dictionary<string, ServedStamp[]>> ReadStampsAsync(HubDbContext db, List<string> ids, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        const string Select = """SELECT "PractitionerNationalId", "SourceInstance", "Stamp", "FetchStamp" FROM served_stamps WHERE "PractitionerNationalId" """;
        if (command is NpgsqlCommand npgsql)
        {
            npgsql.CommandText = Select + "= ANY(@ids)";
            npgsql.Parameters.AddWithValue("ids", ids.ToArray());
        }
        else
        {
            command.CommandText = Select + "IN (" + string.Join(", ", ids.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture))) + ")";
            for (var i = 0; i < ids.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@id" + i.ToString(CultureInfo.InvariantCulture);
                parameter.Value = ids[i];
                command.Parameters.Add(parameter);
            }
        }

        var rows = new List<(string NationalId, ServedStamp Stamp)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), new ServedStamp(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3))));
            }
        }

        return rows.GroupBy(r => r.NationalId, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(r => r.Stamp).OrderBy(s => s.SourceInstance, StringComparer.Ordinal).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The agendas of <paramref name="ids"/> over <paramref name="range"/>, each under the stamps read before it (none
    /// for a practitioner without rows).
    /// </summary>
    internal static async Task<List<ServedAgenda>> LoadAsync(
        HubDbContext db, List<string> ids, IReadOnlyDictionary<string, ServedStamp[]> stamps, AgendaRange range, byte format, CancellationToken cancellationToken)
    {
        var (status, fromUtc, toUtc) = range;
        var rows = await db.Slots.AsNoTracking()
            // Served at the status, at any fetch time and of any type: Compose applies the rest of the rule per search.
            .Served(new ServedSlotAsk(status, FetchedSince: null, PsIndividual: false))
            .Where(s => ids.Contains(s.PractitionerNationalId!) && s.StartUtc >= fromUtc && s.StartUtc <= toUtc)
            .Select(s => new SlotRead(s.PractitionerNationalId!, s.StartUtc, s.Status, s.Types, s.Modes, new ServedReads.ServedRow(s.SourceInstance, s.NativeId, s.FetchedAtUtc, s.ServedJson, s.ScheduleNativeId, null)))
            .ToListAsync(cancellationToken);
        var includes = rows.Count == 0
            ? ([], [], [])
            : await ServedReads.LoadIncludesAsync(db, rows.Select(r => (r.Row.SourceInstance, r.Row.Link!)), cancellationToken);
        var resolver = new IncludeResolver(includes.Schedules, includes.Practitioners, includes.Places, format);

        var bySlotOwner = rows.ToLookup(r => r.NationalId, StringComparer.Ordinal);
        var agendas = new List<ServedAgenda>(ids.Count);
        foreach (var id in ids)
        {
            var slots = new List<AgendaSlot>();
            var servable = true;
            long size = OverheadPerAgenda;
            foreach (var read in bySlotOwner[id])
            {
                if (resolver.Resolve(id, read) is not { } slot)
                {
                    servable = false;
                    slots.Clear();
                    break;
                }

                slots.Add(slot);
                size += OverheadPerSlot + (slot.Slot?.Record.Rendering.Length ?? 0);
            }

            slots.Sort(AnswerOrder);
            agendas.Add(new ServedAgenda(id, status, fromUtc, toUtc, stamps.GetValueOrDefault(id) ?? [], [.. slots], servable) { SizeBytes = size + resolver.IncludedBytes(slots) });
        }

        return agendas;
    }

    /// <summary>
    /// The filter, order, cap and includes of the database search, over cached agendas; null, as there, when a slot of
    /// the page has no current rendering.
    /// </summary>
    internal static ServedSlotSearchResult? Compose(IEnumerable<ServedAgenda> agendas, SlotSearchCriteria criteria)
    {
        var fromUtc = criteria.From.UtcDateTime;
        var toUtc = criteria.To.UtcDateTime;
        var served = new ServedSlotAsk(criteria.Status, criteria.FetchedSince, criteria.Flow == SlotSearchFlow.PsIndividual);
        var modeMasks = criteria.ModeFilters.Select(m => (int)m).ToArray();
        var typeMasks = criteria.TypeFilters.Select(t => (int)t).ToArray();

        var matches = new List<AgendaSlot>();
        foreach (var agenda in agendas)
        {
            foreach (var slot in agenda.Slots)
            {
                if (slot.StartUtc >= fromUtc
                    && slot.StartUtc <= toUtc
                    && served.Serves(slot)
                    && AllBitsMatch(modeMasks, slot.Modes)
                    && AllBitsMatch(typeMasks, slot.Types))
                {
                    matches.Add(slot);
                }
            }
        }

        matches.Sort(AnswerOrder);
        var page = matches.Count > criteria.MaxSlots ? matches.GetRange(0, Math.Max(criteria.MaxSlots, 0)) : matches;
        if (page.Count == 0)
        {
            return ServedSlotSearchResult.Empty with { Total = matches.Count };
        }

        if (!page.TrueForAll(s => s.Slot is not null))
        {
            return null;
        }

        var slots = new ServedSlot[page.Count];
        var schedules = new List<ServedSchedule>();
        var practitioners = new List<ServedRecord>();
        var places = new List<ServedRecord>();
        var seenSchedules = new HashSet<ServedSchedule>(ReferenceEqualityComparer.Instance);
        var seenPractitioners = new HashSet<ServedRecord>(ReferenceEqualityComparer.Instance);
        var seenPlaces = new HashSet<ServedRecord>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < page.Count; i++)
        {
            var slot = page[i];
            slots[i] = slot.Slot!;

            // An agenda shares one record per row among its slots: most slots add nothing new here.
            if (seenSchedules.Add(slot.Schedule!))
            {
                schedules.Add(slot.Schedule!);
            }

            if (seenPractitioners.Add(slot.Practitioner!))
            {
                practitioners.Add(slot.Practitioner!);
            }

            if (slot.Place is { } place && seenPlaces.Add(place))
            {
                places.Add(place);
            }
        }

        return new ServedSlotSearchResult(
            matches.Count,
            slots,
            InSourceKeyOrder(schedules, s => s.Record),
            InSourceKeyOrder(practitioners, r => r),
            InSourceKeyOrder(places, r => r));
    }

    private static bool AllBitsMatch(int[] masks, int bits)
    {
        foreach (var mask in masks)
        {
            if ((bits & mask) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Each (source, native id) once, the first met, in source-key order. <paramref name="items"/> are already distinct
    /// by reference; two records of one key (the same row in two agendas) are then adjacent after the sort, where
    /// the first met wins, as DistinctBy kept it. Plain sort and loop: the LINQ DistinctBy/OrderBy over tuple keys
    /// was most of Compose's time.
    /// </summary>
    private static T[] InSourceKeyOrder<T>(List<T> items, Func<T, ServedRecord> record)
    {
        var keyed = new (ServedRecord Record, int FirstMet, T Item)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            keyed[i] = (record(items[i]), i, items[i]);
        }

        Array.Sort(keyed, static (a, b) =>
        {
            var bySource = string.CompareOrdinal(a.Record.SourceInstance, b.Record.SourceInstance);
            if (bySource != 0)
            {
                return bySource;
            }

            var byNativeId = string.CompareOrdinal(a.Record.NativeId, b.Record.NativeId);
            return byNativeId != 0 ? byNativeId : a.FirstMet.CompareTo(b.FirstMet);
        });

        var ordered = new List<T>(keyed.Length);
        for (var i = 0; i < keyed.Length; i++)
        {
            if (i > 0 && keyed[i].Record.SourceInstance == keyed[i - 1].Record.SourceInstance && keyed[i].Record.NativeId == keyed[i - 1].Record.NativeId)
            {
                continue;
            }

            ordered.Add(keyed[i].Item);
        }

        return [.. ordered];
    }

    private static int AnswerOrder(AgendaSlot a, AgendaSlot b)
    {
        var byStart = a.StartUtc.CompareTo(b.StartUtc);
        if (byStart != 0)
        {
            return byStart;
        }

        var bySource = string.CompareOrdinal(a.SourceInstance, b.SourceInstance);
        return bySource != 0 ? bySource : string.CompareOrdinal(a.NativeId, b.NativeId);
    }

    /// <summary>The slots an agenda holds: one status, starts in [from, to].</summary>
    internal sealed record AgendaRange(int Status, DateTime FromUtc, DateTime ToUtc);

    private sealed record SlotRead(string NationalId, DateTime StartUtc, int Status, int Types, int Modes, ServedReads.ServedRow Row);

    /// <summary>
    /// Finds a slot's schedule, practitioner and place among the rows read, and refuses (null) a slot whose rows do
    /// not hang together the way the stamps assume: the triggers bump a schedule's or a place's changes under the
    /// national id of the practitioner row it points to, so that must be the slot's own practitioner.
    /// </summary>
    private sealed class IncludeResolver(List<ServedReads.ServedRow> schedules, List<ServedReads.ServedRow> practitioners, List<ServedReads.ServedRow> places, byte format)
    {
        private readonly Dictionary<(string, string), ServedReads.ServedRow> _schedules = schedules.ToDictionary(r => (r.SourceInstance, r.NativeId));
        private readonly Dictionary<(string, string), ServedReads.ServedRow> _practitioners = practitioners.ToDictionary(r => (r.SourceInstance, r.NativeId));
        private readonly Dictionary<(string, string), ServedReads.ServedRow> _places = places.ToDictionary(r => (r.SourceInstance, r.NativeId));

        // One record per row, shared by every slot that brings it in.
        private readonly Dictionary<(string, string), ServedSchedule> _scheduleRecords = [];
        private readonly Dictionary<(string, string), ServedRecord> _practitionerRecords = [];
        private readonly Dictionary<(string, string), ServedRecord> _placeRecords = [];

        public AgendaSlot? Resolve(string nationalId, SlotRead read)
        {
            var source = read.Row.SourceInstance;
            if (!ServedRenderings.IsCurrent(read.Row.ServedJson, format))
            {
                // Not servable itself (booked, or an older format): kept for the filter, the order and the count.
                return new AgendaSlot(read.StartUtc, source, read.Row.NativeId, read.Status, read.Types, read.Modes, read.Row.FetchedAtUtc, null, null, null, null);
            }

            if (!_schedules.TryGetValue((source, read.Row.Link!), out var schedule) || !ServedRenderings.IsCurrent(schedule.ServedJson, format)
                || schedule.Link is not { } practitionerNativeId
                || !_practitioners.TryGetValue((source, practitionerNativeId), out var practitioner) || !ServedRenderings.IsCurrent(practitioner.ServedJson, format)
                || practitioner.Link != nationalId)
            {
                return null;
            }

            ServedRecord? place = null;
            if (schedule.SecondLink is { } placeNativeId)
            {
                if (!_places.TryGetValue((source, placeNativeId), out var placeRow) || !ServedRenderings.IsCurrent(placeRow.ServedJson, format)
                    || placeRow.Link != practitionerNativeId)
                {
                    return null;
                }

                place = Record(_placeRecords, placeRow);
            }

            var scheduleKey = (source, schedule.NativeId);
            if (!_scheduleRecords.TryGetValue(scheduleKey, out var scheduleRecord))
            {
                _scheduleRecords[scheduleKey] = scheduleRecord = new ServedSchedule(schedule.ToRecord(), schedule.Link, schedule.SecondLink);
            }

            return new AgendaSlot(
                read.StartUtc,
                source,
                read.Row.NativeId,
                read.Status,
                read.Types,
                read.Modes,
                read.Row.FetchedAtUtc,
                new ServedSlot(read.Row.ToRecord(), read.Row.Link!),
                scheduleRecord,
                Record(_practitionerRecords, practitioner),
                place);
        }

        /// <summary>The bytes of the distinct schedules, practitioners and places <paramref name="slots"/> bring in.</summary>
        public long IncludedBytes(List<AgendaSlot> slots) =>
            slots.Select(s => s.Schedule?.Record).Concat(slots.Select(s => s.Practitioner)).Concat(slots.Select(s => s.Place))
                .OfType<ServedRecord>().Distinct().Sum(r => (long)r.Rendering.Length + OverheadPerSlot);

        private static ServedRecord Record(Dictionary<(string, string), ServedRecord> records, ServedReads.ServedRow row)
        {
            var key = (row.SourceInstance, row.NativeId);
            if (!records.TryGetValue(key, out var record))
            {
                records[key] = record = row.ToRecord();
            }

            return record;
        }
    }
}
