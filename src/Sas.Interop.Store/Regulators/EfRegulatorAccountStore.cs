using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Store.Outbox;

namespace Sas.Interop.Store.Regulators;

internal sealed class EfRegulatorAccountStore(IDbContextFactory<HubDbContext> contextFactory) : EfOutbox<RegulatorOutboxRow>(contextFactory), IRegulatorAccountStore
{
    private const int SaveAttempts = 5;

    public async Task<RegulatorAccountSaveResult> SaveAsync(RegulatorAccountWrite write, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SaveOnceAsync(write, receivedAt, cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or DbException && attempt < SaveAttempts)
            {
                // Two writes of one account at once (two SAS requests, two nodes): the unique keys let one commit; the
                // other runs again and finds the account (or the sequence) the first one wrote. SQLite may instead refuse
                // the second writer's lock upgrade outright (SQLITE_BUSY): it runs again too.
            }
        }
    }

    private async Task<RegulatorAccountSaveResult> SaveOnceAsync(RegulatorAccountWrite write, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var identifiers = db.Set<RegulatorAccountIdentifierRow>();
        var now = receivedAt.UtcDateTime;

        // Who holds the body's identifiers now; the account addressed is the URL's (a conditional update) or, for a
        // create, the one holding a body identifier (a create the SAS retries after a lost answer is an update).
        var owners = new Dictionary<RegulatorIdentifier, string>();
        foreach (var identifier in write.Identifiers.Append(write.Address).OfType<RegulatorIdentifier>().Distinct())
        {
            var owner = await identifiers.AsNoTracking().Where(i => i.System == identifier.System && i.Value == identifier.Value)
                .Select(i => i.AccountHubId).FirstOrDefaultAsync(cancellationToken);
            if (owner is not null)
            {
                owners[identifier] = owner;
            }
        }

        RegulatorIdentifier? found;
        string? hubId;
        if (write.Address is { } address)
        {
            found = address;
            hubId = owners.GetValueOrDefault(address);
        }
        else
        {
            found = write.Identifiers.Where(owners.ContainsKey).OrderBy(i => i == write.Key ? 0 : 1).FirstOrDefault();
            hubId = found is null ? null : owners[found];
        }

        // An identifier names one account: taking another account's would make every later update ambiguous.
        var conflicting = write.Identifiers.Where(owners.ContainsKey).Select(i => owners[i]).FirstOrDefault(o => o != hubId);
        if (conflicting is not null)
        {
            return new RegulatorAccountSaveResult(hubId ?? string.Empty, hubId is null, 0, conflicting);
        }

        var row = hubId is null ? null : await db.Set<RegulatorAccountRow>().SingleAsync(a => a.HubId == hubId, cancellationToken);
        var created = row is null;
        if (row is null)
        {
            row = new RegulatorAccountRow { HubId = StoredRegulatorAccount.IdPrefix + Guid.NewGuid().ToString("N"), ResourceJson = write.ResourceJson, CreatedAtUtc = now };
            db.Set<RegulatorAccountRow>().Add(row);
        }

        row.Version++;
        row.Active = write.Active;
        row.ResourceJson = write.ResourceJson;
        row.UpdatedAtUtc = now;
        await identifiers.Where(i => i.AccountHubId == row.HubId).ExecuteDeleteAsync(cancellationToken);
        identifiers.AddRange(write.Identifiers.Distinct().Select(i => new RegulatorAccountIdentifierRow { System = i.System, Value = i.Value, AccountHubId = row.HubId }));

        // Each version goes to every publisher, addressed by the identifier they know the account by: the one the SAS
        // addressed (or matched) for an update; the body's own key for a creation, so that a retried creation is an
        // idempotent conditional update. The account's version is the stream's sequence: a publisher configured later
        // starts at a version above 1, sent as a conditional update, which the IG makes a create when unknown.
        var addressed = created ? write.Key : found ?? write.Key;
        foreach (var destination in write.Destinations.Distinct(StringComparer.Ordinal))
        {
            db.Set<RegulatorOutboxRow>().Add(new RegulatorOutboxRow
            {
                Stream = destination + "/" + row.HubId,
                Destination = destination,
                AccountHubId = row.HubId,
                Sequence = row.Version,
                IdentifierSystem = addressed.System,
                IdentifierValue = addressed.Value,
                ResourceJson = write.ResourceJson,
                State = Pending,
                EnqueuedAtUtc = now,
                NextAttemptAtUtc = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RegulatorAccountSaveResult(row.HubId, created, row.Version);
    }

    public async Task<StoredRegulatorAccount?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<RegulatorAccountRow>().AsNoTracking().SingleOrDefaultAsync(a => a.HubId == id, cancellationToken);
        return row is null ? null : new StoredRegulatorAccount(row.HubId, row.Version, row.Active, row.ResourceJson, RowMapper.Offset(row.UpdatedAtUtc));
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<RegulatorAccountRow>().CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RegulatorDelivery>> DeliveriesAsync(CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<RegulatorOutboxRow>().AsNoTracking();
        var destinations = await rows.Select(o => o.Destination).Distinct().ToListAsync(cancellationToken);
        var deliveries = new List<RegulatorDelivery>();
        foreach (var destination in destinations.Order(StringComparer.Ordinal))
        {
            deliveries.Add(new RegulatorDelivery(destination, await StatusAsync(rows.Where(o => o.Destination == destination), cancellationToken)));
        }

        return deliveries;
    }

    protected override Expression<Func<RegulatorOutboxRow, OutboxEntry>> Entry(HubDbContext db) =>
        o => new OutboxEntry(o.Id, o.Stream, o.Sequence, o.Destination, o.IdentifierSystem, o.IdentifierValue, o.ResourceJson, o.Attempts, null);
}
