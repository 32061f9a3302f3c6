using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>The reads the served search (from the database, or into the served-agenda cache) is made of.</summary>
internal static class ServedReads
{
    public static bool AllCurrent(List<ServedRow> rows, byte format) =>
        rows.TrueForAll(r => ServedRenderings.IsCurrent(r.ServedJson, format));

    /// <summary>
    /// The schedules of the slots, then the practitioners and places (PractitionerRoles) of those schedules in one
    /// statement (UNION ALL): each statement costs EF's per-query work, which was most of their time. Ids are passed
    /// as lists, not as a subquery on schedules: PostgreSQL answered that semi-join with a scan of every practitioner.
    /// The engine matches ids by source and native id separately; exact pairs are kept here, each list in
    /// source-key order.
    /// </summary>
    public static async Task<(List<ServedRow> Schedules, List<ServedRow> Practitioners, List<ServedRow> Places)> LoadIncludesAsync(
        HubDbContext db, IEnumerable<(string Source, string NativeId)> scheduleKeys, CancellationToken cancellationToken)
    {
        var wanted = scheduleKeys.ToHashSet();
        var sources = wanted.Select(k => k.Source).Distinct().ToList();
        var scheduleIds = wanted.Select(k => k.NativeId).Distinct().ToList();
        var schedules = Ordered((await db.Schedules.AsNoTracking()
                .Where(s => sources.Contains(s.SourceInstance) && scheduleIds.Contains(s.NativeId))
                .Select(s => new ServedRow(s.SourceInstance, s.NativeId, s.FetchedAtUtc, s.ServedJson, s.PractitionerNativeId, s.PlaceNativeId))
                .ToListAsync(cancellationToken))
            .Where(s => wanted.Contains((s.SourceInstance, s.NativeId))));

        var practitionerKeys = schedules.Where(s => s.Link is not null).Select(s => (s.SourceInstance, s.Link!)).ToHashSet();
        var placeKeys = schedules.Where(s => s.SecondLink is not null).Select(s => (s.SourceInstance, s.SecondLink!)).ToHashSet();
        var practitionerIds = practitionerKeys.Select(k => k.Item2).Distinct().ToList();
        var placeIds = placeKeys.Select(k => k.Item2).Distinct().ToList();
        var actors = await db.Practitioners.AsNoTracking()
            .Where(p => sources.Contains(p.SourceInstance) && practitionerIds.Contains(p.NativeId))
            .Select(p => new IncludeRow { Kind = IncludeRow.Practitioner, SourceInstance = p.SourceInstance, NativeId = p.NativeId, Owner = p.NationalId, FetchedAtUtc = p.FetchedAtUtc, ServedJson = p.ServedJson })
            .Concat(db.Places.AsNoTracking()
                .Where(p => sources.Contains(p.SourceInstance) && placeIds.Contains(p.NativeId))
                .Select(p => new IncludeRow { Kind = IncludeRow.Place, SourceInstance = p.SourceInstance, NativeId = p.NativeId, Owner = p.PractitionerNativeId, FetchedAtUtc = p.FetchedAtUtc, ServedJson = p.ServedJson }))
            .ToListAsync(cancellationToken);
        return (
            schedules,
            Ordered(actors.Where(r => r.Kind == IncludeRow.Practitioner && practitionerKeys.Contains((r.SourceInstance, r.NativeId))).Select(r => r.ToServedRow())),
            Ordered(actors.Where(r => r.Kind == IncludeRow.Place && placeKeys.Contains((r.SourceInstance, r.NativeId))).Select(r => r.ToServedRow())));
    }

    public static List<ServedRow> Ordered(IEnumerable<ServedRow> rows) =>
        [.. rows.OrderBy(r => r.SourceInstance, StringComparer.Ordinal).ThenBy(r => r.NativeId, StringComparer.Ordinal)];

    /// <summary>One row of the actors' UNION ALL (EF needs settable members to line up its columns).</summary>
    private sealed class IncludeRow
    {
        public const int Practitioner = 1;
        public const int Place = 2;

        public int Kind { get; init; }

        public required string SourceInstance { get; init; }

        public required string NativeId { get; init; }

        /// <summary>A practitioner's national id; a place's practitioner (native id).</summary>
        public string? Owner { get; init; }

        public DateTime FetchedAtUtc { get; init; }

        public byte[]? ServedJson { get; init; }

        public ServedRow ToServedRow() => new(SourceInstance, NativeId, FetchedAtUtc, ServedJson, Owner, null);
    }

    /// <summary>
    /// What the served search reads of a row: key, fetch time, rendering, and the ids it points to (a slot: its
    /// schedule; a schedule: its practitioner and place; a practitioner: its national id; a place: its practitioner).
    /// </summary>
    public sealed record ServedRow(string SourceInstance, string NativeId, DateTime FetchedAtUtc, byte[]? ServedJson, string? Link, string? SecondLink)
    {
        public ServedRecord ToRecord() => new(SourceInstance, NativeId, RowMapper.Offset(FetchedAtUtc), ServedJson!);
    }
}
