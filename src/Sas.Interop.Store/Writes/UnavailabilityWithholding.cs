using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// truth.md R7: a slot inside an unavailability of its place (<c>PractitionerRole.notAvailable</c>), or of an inactive
/// place or schedule, is withheld (<see cref="SlotRow.Unavailable"/>): stored, served by no way in. Run inside each
/// write's transaction after its rows are written, over the agendas the write touched, so the newest publisher fact
/// about a role or a schedule decides — a later answer without the unavailability lifts it. Derived at write time
/// rather than joined at read time: every served query already filters slot columns, and the periods do not move
/// with the clock (a slot either meets a period or not).
/// </summary>
internal static class UnavailabilityWithholding
{
    /// <summary>Decides again, for the slots of <paramref name="scheduleIds"/> (native ids, in <paramref name="source"/>), which are withheld.</summary>
    /// <remarks><paramref name="practitionerNationalIds"/>: when the write is a pulled scope, its keys, which narrow the read through the slots' practitioner index.</remarks>
    public static async Task ApplyAsync(
        HubDbContext db, string source, IReadOnlyCollection<string> scheduleIds, IReadOnlyCollection<string>? practitionerNationalIds, CancellationToken cancellationToken)
    {
        if (scheduleIds.Count == 0)
        {
            return;
        }

        var schedules = new Dictionary<string, (string? Place, bool Inactive)>(StringComparer.Ordinal);
        foreach (var chunk in scheduleIds.Distinct(StringComparer.Ordinal).Chunk(SlotBulkInserter.MaxIdsPerStatement))
        {
            foreach (var row in await db.Schedules.AsNoTracking().Where(s => s.SourceInstance == source && chunk.Contains(s.NativeId))
                .Select(s => new { s.NativeId, s.PlaceNativeId, s.Inactive }).ToListAsync(cancellationToken))
            {
                schedules[row.NativeId] = (row.PlaceNativeId, row.Inactive);
            }
        }

        var placeIds = schedules.Values.Where(s => s.Place is not null).Select(s => s.Place!).Distinct(StringComparer.Ordinal).ToList();
        var places = new Dictionary<string, (bool Inactive, List<CanonicalUnavailability> Periods)>(StringComparer.Ordinal);
        foreach (var chunk in placeIds.Chunk(SlotBulkInserter.MaxIdsPerStatement))
        {
            foreach (var row in await db.Places.AsNoTracking().Where(p => p.SourceInstance == source && chunk.Contains(p.NativeId) && (p.Inactive || p.NotAvailableJson != "[]"))
                .Select(p => new { p.NativeId, p.Inactive, p.NotAvailableJson }).ToListAsync(cancellationToken))
            {
                places[row.NativeId] = (row.Inactive, RowMapper.FromJson<List<CanonicalUnavailability>>(row.NotAvailableJson, []));
            }
        }

        var withhold = new List<long>();
        var release = new List<long>();
        foreach (var chunk in schedules.Keys.Chunk(SlotBulkInserter.MaxIdsPerStatement))
        {
            var slots = db.Slots.AsNoTracking().Where(s => s.SourceInstance == source && chunk.Contains(s.ScheduleNativeId));
            if (practitionerNationalIds is { Count: > 0 } keys)
            {
                slots = slots.Where(s => keys.Contains(s.PractitionerNationalId!));
            }

            foreach (var slot in await slots.Select(s => new { s.Id, s.ScheduleNativeId, s.StartUtc, s.EndUtc, s.Unavailable }).ToListAsync(cancellationToken))
            {
                var (place, scheduleInactive) = schedules[slot.ScheduleNativeId];
                var unavailable = scheduleInactive
                    || (place is not null && places.TryGetValue(place, out var p)
                        && (p.Inactive || p.Periods.Exists(u => u.Overlaps(RowMapper.Offset(slot.StartUtc), RowMapper.Offset(slot.EndUtc)))));
                if (unavailable != slot.Unavailable)
                {
                    (unavailable ? withhold : release).Add(slot.Id);
                }
            }
        }

        foreach (var chunk in withhold.Chunk(SlotBulkInserter.MaxIdsPerStatement))
        {
            await db.Slots.Where(s => chunk.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.Unavailable, true), cancellationToken);
        }

        foreach (var chunk in release.Chunk(SlotBulkInserter.MaxIdsPerStatement))
        {
            await db.Slots.Where(s => chunk.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.Unavailable, false), cancellationToken);
        }
    }

    /// <summary>The agendas a batch touches: its schedules, those of its places, those of its slots.</summary>
    public static async Task<List<string>> TouchedSchedulesAsync(HubDbContext db, string source, NormalizedBatch batch, CancellationToken cancellationToken)
    {
        var ids = batch.Schedules.Select(s => s.NativeId).Concat(batch.Slots.Select(s => s.ScheduleNativeId)).ToHashSet(StringComparer.Ordinal);
        foreach (var chunk in batch.Places.Select(p => p.NativeId).Distinct(StringComparer.Ordinal).Chunk(SlotBulkInserter.MaxIdsPerStatement))
        {
            ids.UnionWith(await db.Schedules.AsNoTracking().Where(s => s.SourceInstance == source && s.PlaceNativeId != null && chunk.Contains(s.PlaceNativeId))
                .Select(s => s.NativeId).ToListAsync(cancellationToken));
        }

        return [.. ids];
    }
}
