using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>The rosters in the database (<see cref="ISourceRosterStore"/>).</summary>
internal sealed class EfSourceRosterStore(IDbContextFactory<HubDbContext> contextFactory) : ISourceRosterStore
{
    public async Task<IReadOnlyDictionary<string, int>> SeedAsync(IReadOnlyDictionary<string, SourceRoster> configured, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var removed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (instance, roster) in configured.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            // Two nodes starting at once seed the same keys: the loser of an insert race reads again and finds them.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var count = await SeedOneAsync(instance, roster, now, cancellationToken);
                    if (count > 0)
                    {
                        removed[instance] = count;
                    }

                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                }
            }
        }

        return removed;
    }

    public async Task<IReadOnlyList<RosterEntry>> GetEntriesAsync(string sourceInstance, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RosterEntries.AsNoTracking().Where(r => r.SourceInstance == sourceInstance).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.NationalId, StringComparer.Ordinal).Select(ToEntry)];
    }

    public async Task<IReadOnlyList<string>> GetKeysAsync(string sourceInstance, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.RosterEntries.Where(r => r.SourceInstance == sourceInstance).Select(r => r.NationalId).ToListAsync(cancellationToken);
        return [.. keys.Order(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<string>> InstancesHoldingAsync(string nationalId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(nationalId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.RosterEntries.Where(r => r.NationalId == nationalId).Select(r => r.SourceInstance).OrderBy(s => s).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetAllKeysAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RosterEntries.Select(r => new { r.SourceInstance, r.NationalId }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.SourceInstance, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.NationalId).Order(StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<string>> AddAsync(string sourceInstance, IReadOnlyList<RosterEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var present = (await db.RosterEntries.Where(r => r.SourceInstance == sourceInstance).Select(r => r.NationalId).ToListAsync(cancellationToken))
                    .ToHashSet(StringComparer.Ordinal);
                var added = new List<string>();
                foreach (var entry in entries)
                {
                    if (present.Add(entry.NationalId))
                    {
                        db.RosterEntries.Add(ToRow(sourceInstance, entry));
                        added.Add(entry.NationalId);
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return added;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another upload (or node) added one of these keys meanwhile: read the roster again.
            }
        }
    }

    public async Task<int?> RemoveAsync(string sourceInstance, string nationalId, SyncScopeKind kind, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.RosterEntries.Where(r => r.SourceInstance == sourceInstance && r.NationalId == nationalId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return null;
        }

        var slots = kind == SyncScopeKind.Practitioner
            ? db.Slots.Where(s => s.SourceInstance == sourceInstance && s.PractitionerNationalId == nationalId)
            : db.Slots.Where(s => s.SourceInstance == sourceInstance && s.OrganizationNationalId == nationalId);
        var withdrawn = await slots.ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return withdrawn;
    }

    public async Task<int> WithdrawOutsideRosterAsync(string sourceInstance, SyncScopeKind kind, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var roster = db.RosterEntries.Where(r => r.SourceInstance == sourceInstance).Select(r => r.NationalId);

        // The same rule as a start-up withdrawal (EfSourceWithdrawalStore): a slot with no key of the roster's kind is outside it.
        var slots = kind == SyncScopeKind.Practitioner
            ? db.Slots.Where(s => s.SourceInstance == sourceInstance && (s.PractitionerNationalId == null || !roster.Contains(s.PractitionerNationalId)))
            : db.Slots.Where(s => s.SourceInstance == sourceInstance && (s.OrganizationNationalId == null || !roster.Contains(s.OrganizationNationalId)));
        return await slots.ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<int> SeedOneAsync(string instance, SourceRoster roster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var configured = roster.Keys.ToHashSet(StringComparer.Ordinal);
        var rows = await db.RosterEntries.Where(r => r.SourceInstance == instance).ToListAsync(cancellationToken);
        var removed = 0;
        foreach (var row in rows)
        {
            var dropped = row.Origin == RosterEntry.ConfigurationOrigin && !configured.Contains(row.NationalId);
            if (dropped || !RosterKeyKinds.Fits(row.Kind, roster.Kind))
            {
                db.RosterEntries.Remove(row);
                removed++;
            }
        }

        var present = rows.Select(r => r.NationalId).ToHashSet(StringComparer.Ordinal);
        foreach (var key in roster.Keys.Where(k => !present.Contains(k)).Distinct(StringComparer.Ordinal))
        {
            db.RosterEntries.Add(ToRow(instance, new RosterEntry(key, RosterKeyKinds.Of(key, roster.Kind), null, null, RosterEntry.ConfigurationOrigin, now)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private static RosterEntryRow ToRow(string instance, RosterEntry entry) => new()
    {
        SourceInstance = instance,
        NationalId = entry.NationalId,
        Kind = entry.Kind,
        Label = entry.Label,
        Email = entry.Email,
        Origin = entry.Origin,
        AddedAtUtc = entry.AddedAt.UtcDateTime,
    };

    private static RosterEntry ToEntry(RosterEntryRow row) =>
        new(row.NationalId, row.Kind, row.Label, row.Email, row.Origin, new DateTimeOffset(DateTime.SpecifyKind(row.AddedAtUtc, DateTimeKind.Utc)));
}
