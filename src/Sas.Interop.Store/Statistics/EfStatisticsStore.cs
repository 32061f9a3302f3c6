using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store.Statistics;

/// <summary>
/// Admin read models over the canonical tables. Counting streams slot rows and aggregates in memory: the commune
/// key needs the city, which lives in the place's address JSON, not in a column.
/// </summary>
internal sealed class EfStatisticsStore(IDbContextFactory<HubDbContext> contextFactory) : IStatisticsStore
{
    private const int FreeStatus = (int)SlotStatus.Free;

    public async Task<IReadOnlyList<SourceHoldings>> GetHoldingsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var nowUtc = now.UtcDateTime;
        var slots = await db.Slots.AsNoTracking().GroupBy(s => s.SourceInstance)
            .Select(g => new { g.Key, Count = g.Count(), Oldest = g.Where(s => s.StartUtc >= nowUtc).Min(s => (DateTime?)s.FetchedAtUtc) })
            .ToListAsync(cancellationToken);
        var practitioners = await db.Practitioners.AsNoTracking().GroupBy(p => p.SourceInstance)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, StringComparer.Ordinal, cancellationToken);
        var bySlots = slots.ToDictionary(s => s.Key, StringComparer.Ordinal);
        return bySlots.Keys.Union(practitioners.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(source => new SourceHoldings(
                source,
                bySlots.TryGetValue(source, out var s) ? s.Count : 0,
                practitioners.GetValueOrDefault(source),
                RowMapper.Offset(s?.Oldest)))
            .ToList();
    }

    public async Task WriteDailySnapshotAsync(DateOnly day, DateTimeOffset takenAt, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = await CountLiveAsync(db, day, day, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var snapshots = db.Set<DailySlotSnapshotRow>();
        await snapshots.Where(r => r.Day == day).ExecuteDeleteAsync(cancellationToken);
        snapshots.AddRange(counts.Select(c => new DailySlotSnapshotRow
        {
            Day = c.Day,
            Department = c.Department ?? string.Empty,
            Commune = c.Commune ?? string.Empty,
            FreeSlots = c.FreeSlots,
            Ambulatory = c.Ambulatory,
            HomeVisit = c.HomeVisit,
            Virtual = c.Virtual,
            Public = c.Public,
            Pro = c.Pro,
            Snp = c.Snp,
            Cpts = c.Cpts,
            Overbooked = c.Overbooked,
            StructureSos = c.StructureSos,
            StructureCds = c.StructureCds,
            StructureMsp = c.StructureMsp,
            StructureOther = c.StructureOther,
            TakenAtUtc = takenAt.UtcDateTime,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FreeSlotCounts>> GetFreeSlotCountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var snapshots = await db.Set<DailySlotSnapshotRow>().AsNoTracking()
            .Where(r => r.Day >= from && r.Day <= to)
            .ToListAsync(cancellationToken);
        var result = snapshots.Select(r => new FreeSlotCounts
        {
            Day = r.Day,
            Department = r.Department.Length == 0 ? null : r.Department,
            Commune = r.Commune.Length == 0 ? null : r.Commune,
            FreeSlots = r.FreeSlots,
            Ambulatory = r.Ambulatory,
            HomeVisit = r.HomeVisit,
            Virtual = r.Virtual,
            Public = r.Public,
            Pro = r.Pro,
            Snp = r.Snp,
            Cpts = r.Cpts,
            Overbooked = r.Overbooked,
            StructureSos = r.StructureSos,
            StructureCds = r.StructureCds,
            StructureMsp = r.StructureMsp,
            StructureOther = r.StructureOther,
            FromSnapshot = true,
        }).ToList();

        var snapshotDays = snapshots.Select(r => r.Day).ToHashSet();
        var missing = Days(from, to).Where(d => !snapshotDays.Contains(d)).ToList();
        if (missing.Count > 0)
        {
            var live = await CountLiveAsync(db, missing[0], missing[^1], cancellationToken);
            result.AddRange(live.Where(c => !snapshotDays.Contains(c.Day)));
        }

        return result.OrderBy(c => c.Day).ThenBy(c => c.Commune, StringComparer.Ordinal).ToList();
    }

    public async Task AddSasSearchesAsync(DateOnly day, long count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = db.Set<SasSearchCountRow>();
        var updated = await counts.Where(r => r.Day == day).ExecuteUpdateAsync(u => u.SetProperty(r => r.Count, r => r.Count + count), cancellationToken);
        if (updated == 0)
        {
            counts.Add(new SasSearchCountRow { Day = day, Count = count });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<DateOnly, long>> GetSasSearchesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<SasSearchCountRow>().AsNoTracking()
            .Where(r => r.Day >= from && r.Day <= to)
            .ToDictionaryAsync(r => r.Day, r => r.Count, cancellationToken);
    }

    public async Task<IReadOnlySet<string>> GetPractitionersWithFreeSlotsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.Slots.AsNoTracking()
            .Where(s => s.Status == FreeStatus && !s.Unavailable && s.StartUtc >= fromUtc && s.StartUtc < toUtc)
            .Where(s => s.PractitionerNationalId != null)
            .Select(s => s.PractitionerNationalId!)
            .Distinct()
            .ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public async IAsyncEnumerable<SlotExportRow> ExportSlotsAsync(SlotExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query =
            from s in db.Slots.AsNoTracking()
            where s.Status == FreeStatus && !s.Unavailable && s.StartUtc >= filter.FromUtc && s.StartUtc < filter.ToUtc
            join sc in db.Schedules on new { s.SourceInstance, NativeId = s.ScheduleNativeId } equals new { sc.SourceInstance, sc.NativeId } into schedules
            from sc in schedules.DefaultIfEmpty()
            join p in db.Places on new { sc.SourceInstance, NativeId = sc.PlaceNativeId } equals new { p.SourceInstance, p.NativeId } into places
            from p in places.DefaultIfEmpty()
            join pr in db.Practitioners on new { sc.SourceInstance, NativeId = sc.PractitionerNativeId } equals new { pr.SourceInstance, pr.NativeId } into practitioners
            from pr in practitioners.DefaultIfEmpty()

            // SOS agendas hang on a fixed consultation place instead of a PractitionerRole.
            join l in db.Locations on new { sc.SourceInstance, NativeId = sc.LocationNativeId } equals new { l.SourceInstance, l.NativeId } into locations
            from l in locations.DefaultIfEmpty()
            select new
            {
                Slot = s,
                PostalCode = (string?)p.PostalCode ?? (string?)l.PostalCode,
                AddressJson = (string?)p.AddressJson ?? (string?)l.AddressJson,
                Family = (string?)pr.Family,
                GivenJson = (string?)pr.GivenJson,
            };

        // Narrow in SQL where a column allows it; the commune key (postal code + city) is checked below.
        if (filter.Communes.Count > 0)
        {
            var postalCodes = filter.Communes.Select(CommuneKeys.PostalCodeOf).Distinct().ToList();
            query = query.Where(r => r.PostalCode != null && postalCodes.Contains(r.PostalCode));
        }
        else if (filter.Departments.Count == 1)
        {
            var prefix = DepartmentPrefix(filter.Departments[0]);
            query = query.Where(r => r.PostalCode != null && r.PostalCode.StartsWith(prefix));
        }

        var addresses = new AddressCache();
        await foreach (var row in query.OrderBy(r => r.Slot.StartUtc).ThenBy(r => r.Slot.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var address = addresses.Get(row.AddressJson);
            if (!filter.Matches(row.PostalCode, address?.City))
            {
                continue;
            }

            var s = row.Slot;
            var given = RowMapper.FromJson<List<string>>(row.GivenJson, []);
            var name = string.Join(' ', given.Append(row.Family ?? string.Empty).Where(n => n.Length > 0));
            yield return new SlotExportRow
            {
                SourceInstance = s.SourceInstance,
                NativeId = s.NativeId,
                PractitionerNationalId = s.PractitionerNationalId,
                OrganizationNationalId = s.OrganizationNationalId,
                PractitionerName = name.Length == 0 ? null : name,
                Address = address is null ? null : string.Join(", ", address.Lines),
                PostalCode = row.PostalCode,
                City = address?.City,
                Start = RowMapper.Offset(s.StartUtc).ToOffset(TimeSpan.FromMinutes(s.StartOffsetMinutes)),
                End = RowMapper.Offset(s.EndUtc).ToOffset(TimeSpan.FromMinutes(s.EndOffsetMinutes)),
                Modes = s.Modes,
                Types = s.Types,
                Motives = RowMapper.FromJson<List<string>>(s.MotivesJson, []),
                SourceLastUpdated = RowMapper.Offset(s.SourceLastUpdatedUtc),
                FetchedAt = RowMapper.Offset(s.FetchedAtUtc),
            };
        }
    }

    private static async Task<List<FreeSlotCounts>> CountLiveAsync(HubDbContext db, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var fromUtc = StatisticsCalendar.StartUtc(firstDay);
        var toUtc = StatisticsCalendar.StartUtc(lastDay.AddDays(1));
        var rows =
            from s in db.Slots.AsNoTracking()
            where s.Status == FreeStatus && !s.Unavailable && s.StartUtc >= fromUtc && s.StartUtc < toUtc
            join sc in db.Schedules on new { s.SourceInstance, NativeId = s.ScheduleNativeId } equals new { sc.SourceInstance, sc.NativeId } into schedules
            from sc in schedules.DefaultIfEmpty()
            join p in db.Places on new { sc.SourceInstance, NativeId = sc.PlaceNativeId } equals new { p.SourceInstance, p.NativeId } into places
            from p in places.DefaultIfEmpty()

            // Structure agendas (SOS, CDS, MSP…) hang on a Location of their structure instead of a PractitionerRole.
            join l in db.Locations on new { sc.SourceInstance, NativeId = sc.LocationNativeId } equals new { l.SourceInstance, l.NativeId } into locations
            from l in locations.DefaultIfEmpty()
            join o in db.Organizations on new { l.SourceInstance, NativeId = l.OrganizationNativeId } equals new { o.SourceInstance, o.NativeId } into organizations
            from o in organizations.DefaultIfEmpty()
            select new
            {
                s.StartUtc,
                s.Modes,
                s.Types,
                s.Overbooked,
                PostalCode = (string?)p.PostalCode ?? (string?)l.PostalCode,
                AddressJson = (string?)p.AddressJson ?? (string?)l.AddressJson,
                Structure = s.OrganizationNationalId == null ? null : (string?)o.StructureType ?? StructureTypes.Other,
            };

        var addresses = new AddressCache();
        var tally = new Dictionary<(DateOnly Day, string? Department, string? Commune), int[]>();
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var city = addresses.Get(row.AddressJson)?.City;
            var key = (StatisticsCalendar.DayOfUtc(row.StartUtc), CommuneKeys.Department(row.PostalCode), CommuneKeys.Commune(row.PostalCode, city));
            if (!tally.TryGetValue(key, out var counts))
            {
                counts = new int[13];
                tally[key] = counts;
            }

            var modes = (ConsultationModes)row.Modes;
            var types = (SlotTypes)row.Types;
            counts[0]++;
            counts[1] += modes.HasFlag(ConsultationModes.Ambulatory) ? 1 : 0;
            counts[2] += modes.HasFlag(ConsultationModes.HomeVisit) ? 1 : 0;
            counts[3] += modes.HasFlag(ConsultationModes.Virtual) ? 1 : 0;
            counts[4] += types.HasFlag(SlotTypes.Public) ? 1 : 0;
            counts[5] += types.HasFlag(SlotTypes.Pro) ? 1 : 0;
            counts[6] += types.HasFlag(SlotTypes.Snp) ? 1 : 0;
            counts[7] += types.HasFlag(SlotTypes.Cpts) ? 1 : 0;
            counts[8] += row.Overbooked ? 1 : 0;
            counts[9] += row.Structure == StructureTypes.Sos ? 1 : 0;
            counts[10] += row.Structure == StructureTypes.Cds ? 1 : 0;
            counts[11] += row.Structure == StructureTypes.Msp ? 1 : 0;
            counts[12] += row.Structure is { } structure && structure != StructureTypes.Sos && structure != StructureTypes.Cds && structure != StructureTypes.Msp ? 1 : 0;
        }

        return tally.Select(kv => new FreeSlotCounts
        {
            Day = kv.Key.Day,
            Department = kv.Key.Department,
            Commune = kv.Key.Commune,
            FreeSlots = kv.Value[0],
            Ambulatory = kv.Value[1],
            HomeVisit = kv.Value[2],
            Virtual = kv.Value[3],
            Public = kv.Value[4],
            Pro = kv.Value[5],
            Snp = kv.Value[6],
            Cpts = kv.Value[7],
            Overbooked = kv.Value[8],
            StructureSos = kv.Value[9],
            StructureCds = kv.Value[10],
            StructureMsp = kv.Value[11],
            StructureOther = kv.Value[12],
        }).ToList();
    }

    private static string DepartmentPrefix(string department) =>
        department.Trim().ToUpperInvariant() is "2A" or "2B" ? "20" : department.Trim();

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>Places repeat across slots: parse each address JSON once per query.</summary>
    private sealed class AddressCache
    {
        private readonly Dictionary<string, CanonicalAddress?> _parsed = new(StringComparer.Ordinal);

        public CanonicalAddress? Get(string? json)
        {
            if (string.IsNullOrEmpty(json))
            {
                return null;
            }

            if (!_parsed.TryGetValue(json, out var address))
            {
                address = RowMapper.FromJson<CanonicalAddress?>(json, null);
                _parsed[json] = address;
            }

            return address;
        }
    }
}
