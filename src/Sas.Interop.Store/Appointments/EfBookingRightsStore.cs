using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Appointments;

namespace Sas.Interop.Store.Appointments;

internal sealed class EfBookingRightsStore(IDbContextFactory<HubDbContext> contextFactory) : IBookingRightsStore
{
    public async Task<BookingDecision?> DecisionAsync(string practitionerNationalId, string publisherId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<BookingDecisionRow>().AsNoTracking()
            .SingleOrDefaultAsync(d => d.PractitionerNationalId == practitionerNationalId && d.PublisherId == publisherId, cancellationToken);
        return row is null ? null : ToDecision(row);
    }

    public async Task<IReadOnlyList<BookingDecision>> DecisionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<BookingDecisionRow>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.PractitionerNationalId, StringComparer.Ordinal).ThenBy(r => r.PublisherId, StringComparer.Ordinal).Select(ToDecision)];
    }

    public async Task SetDecisionAsync(BookingDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<BookingDecisionRow>();
        var row = await rows.FindAsync([decision.PractitionerNationalId, decision.PublisherId], cancellationToken);
        if (row is null)
        {
            row = new BookingDecisionRow { PractitionerNationalId = decision.PractitionerNationalId, PublisherId = decision.PublisherId };
            rows.Add(row);
        }

        row.Granted = decision.Granted;
        row.DecidedAtUtc = decision.DecidedAt.UtcDateTime;
        row.DecidedBy = decision.DecidedBy;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> RemoveDecisionAsync(string practitionerNationalId, string publisherId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<BookingDecisionRow>()
            .Where(d => d.PractitionerNationalId == practitionerNationalId && d.PublisherId == publisherId)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<PractitionerHolders>> HoldersOfPractitionersHeldByAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var wanted = sources.ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var held = await db.Practitioners.AsNoTracking().Where(p => wanted.Contains(p.SourceInstance)).Select(p => p.NationalId)
            .Union(db.Slots.AsNoTracking().Where(s => wanted.Contains(s.SourceInstance) && s.PractitionerNationalId != null).Select(s => s.PractitionerNationalId!))
            .ToListAsync(cancellationToken);
        if (held.Count == 0)
        {
            return [];
        }

        var pairs = await db.Practitioners.AsNoTracking().Where(p => held.Contains(p.NationalId)).Select(p => new { Id = p.NationalId, p.SourceInstance })
            .Union(db.Slots.AsNoTracking().Where(s => s.PractitionerNationalId != null && held.Contains(s.PractitionerNationalId)).Select(s => new { Id = s.PractitionerNationalId!, s.SourceInstance }))
            .ToListAsync(cancellationToken);
        return [.. pairs.GroupBy(p => p.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PractitionerHolders(g.Key, [.. g.Select(p => p.SourceInstance).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];
    }

    private static BookingDecision ToDecision(BookingDecisionRow row) =>
        new(row.PractitionerNationalId, row.PublisherId, row.Granted, RowMapper.Offset(row.DecidedAtUtc), row.DecidedBy);
}
