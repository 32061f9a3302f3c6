using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Outbox;

namespace Sas.Interop.Store.Unavailabilities;

/// <summary><see cref="IUnavailabilityNotificationStore"/> over <c>unavailability_notifications</c>.</summary>
internal sealed class EfUnavailabilityNotificationStore(IDbContextFactory<HubDbContext> contextFactory)
    : EfOutbox<UnavailabilityNotificationRow>(contextFactory), IUnavailabilityNotificationStore
{
    public const string EventIdSystem = "urn:sas-interop:event-id";

    public async Task<bool> TryEnqueueAsync(string key, string eventId, string eventJson, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<UnavailabilityNotificationRow>();
        if (await rows.AnyAsync(o => o.Stream == key, cancellationToken))
        {
            return false;
        }

        var when = at.UtcDateTime;
        rows.Add(new UnavailabilityNotificationRow
        {
            Stream = key,
            Sequence = 1,
            IdentifierSystem = EventIdSystem,
            IdentifierValue = eventId,
            ResourceJson = eventJson,
            State = Pending,
            EnqueuedAtUtc = when,
            NextAttemptAtUtc = when,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node recorded it between the check and the insert: the unique index let only one through.
            if (await ExistsAsync(key, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    public async Task<OutboxStatus> StatusAsync(CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await StatusAsync(db.Set<UnavailabilityNotificationRow>().AsNoTracking(), cancellationToken);
    }

    protected override Expression<Func<UnavailabilityNotificationRow, OutboxEntry>> Entry(HubDbContext db) =>
        o => new OutboxEntry(o.Id, o.Stream, o.Sequence, null, o.IdentifierSystem, o.IdentifierValue, o.ResourceJson, o.Attempts, null);

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<UnavailabilityNotificationRow>().AnyAsync(o => o.Stream == key, cancellationToken);
    }
}
