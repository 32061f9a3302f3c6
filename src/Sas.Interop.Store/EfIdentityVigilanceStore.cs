using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>Identity vigilance's reads (<see cref="IIdentityVigilanceStore"/>).</summary>
internal sealed class EfIdentityVigilanceStore(IDbContextFactory<HubDbContext> contextFactory) : IIdentityVigilanceStore
{
    public async Task<IReadOnlyList<PractitionerIdentity>> SharedPractitionersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var shared = db.Practitioners.Select(p => new { p.NationalId, p.SourceInstance }).Distinct()
            .GroupBy(p => p.NationalId).Where(g => g.Count() > 1).Select(g => g.Key);
        var practitioners = await db.Practitioners.AsNoTracking().Where(p => shared.Contains(p.NationalId))
            .Select(p => new { p.SourceInstance, p.NativeId, p.NationalId, p.Family, p.GivenJson }).ToListAsync(cancellationToken);
        var places = await db.Places.AsNoTracking()
            .Where(pl => db.Practitioners.Any(p => shared.Contains(p.NationalId) && p.SourceInstance == pl.SourceInstance && p.NativeId == pl.PractitionerNativeId))
            .Select(pl => new { pl.SourceInstance, pl.PractitionerNativeId, pl.AddressJson }).ToListAsync(cancellationToken);
        var addresses = places.Where(pl => pl.AddressJson is not null)
            .Select(pl => (pl.SourceInstance, pl.PractitionerNativeId, Address: RowMapper.FromJson<CanonicalAddress?>(pl.AddressJson, null)))
            .Where(pl => pl.Address is not null)
            .ToLookup(pl => (pl.SourceInstance, pl.PractitionerNativeId), pl => pl.Address!);

        // One source may hold a practitioner under several native ids (two agendas): its identity is their union.
        return [.. practitioners.GroupBy(p => (p.SourceInstance, p.NationalId)).Select(g => new PractitionerIdentity(
            g.Key.SourceInstance,
            g.Key.NationalId,
            g.Select(p => p.Family).FirstOrDefault(f => f is not null),
            g.Select(p => RowMapper.FromJson<List<string>>(p.GivenJson, [])).FirstOrDefault(given => given.Count > 0) ?? [],
            [.. g.SelectMany(p => addresses[(p.SourceInstance, p.NativeId)])]))];
    }

    public async Task<IReadOnlyList<UnreturnedRosterKey>> UnreturnedRosterKeysAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RosterEntries.AsNoTracking()
            .Where(r => !db.Practitioners.Any(p => p.SourceInstance == r.SourceInstance && p.NationalId == r.NationalId)
                && !db.Organizations.Any(o => o.SourceInstance == r.SourceInstance && o.NationalId == r.NationalId))
            .Join(db.ConnectorStates.Where(s => s.LastSuccessAtUtc != null), r => r.SourceInstance, s => s.InstanceId, (r, s) => new { r.SourceInstance, r.NationalId, r.Label, r.AddedAtUtc, s.LastSuccessAtUtc })
            .ToListAsync(cancellationToken);

        // A key added after the instance's last success has not been asked yet: not silent, only new.
        return [.. rows.Where(r => r.AddedAtUtc <= r.LastSuccessAtUtc)
            .OrderBy(r => r.SourceInstance, StringComparer.Ordinal).ThenBy(r => r.NationalId, StringComparer.Ordinal)
            .Select(r => new UnreturnedRosterKey(r.SourceInstance, r.NationalId, r.Label, Utc(r.AddedAtUtc), Utc(r.LastSuccessAtUtc!.Value)))];
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
