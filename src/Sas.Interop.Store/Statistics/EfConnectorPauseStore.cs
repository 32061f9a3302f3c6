using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store.Statistics;

/// <summary>Pauses live in the connector state table, so they survive restarts with the rest of the instance's state.</summary>
internal sealed class EfConnectorPauseStore(IDbContextFactory<HubDbContext> contextFactory) : IConnectorPauseStore
{
    public async Task SetPausedAsync(string instanceId, bool paused, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ConnectorStates.FindAsync([instanceId], cancellationToken);
        if (row is null)
        {
            row = new ConnectorStateRow { InstanceId = instanceId };
            db.ConnectorStates.Add(row);
        }

        // Pausing twice keeps the first date: the operator wants to know since when.
        row.PausedAtUtc = paused ? row.PausedAtUtc ?? at.UtcDateTime : null;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetPausedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ConnectorStates.AsNoTracking()
            .Where(r => r.PausedAtUtc != null)
            .Select(r => new { r.InstanceId, r.PausedAtUtc })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.InstanceId, r => RowMapper.Offset(r.PausedAtUtc!.Value), StringComparer.Ordinal);
    }
}
