using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

internal sealed class EfConnectorStateStore(IDbContextFactory<HubDbContext> contextFactory) : IConnectorStateStore
{
    public async Task RecordRunAsync(SyncRunSummary run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ConnectorStates.FindAsync([run.InstanceId], cancellationToken);
        if (row is null)
        {
            row = new ConnectorStateRow { InstanceId = run.InstanceId };
            db.ConnectorStates.Add(row);
        }

        row.LastAttemptAtUtc = run.StartedAt.UtcDateTime;
        row.LastRunJson = RowMapper.ToJson(run);
        if (run.Status == SyncRunStatus.Failed)
        {
            row.ConsecutiveFailures++;
            row.LastError = run.Errors.FirstOrDefault() ?? "Sync failed.";
        }
        else
        {
            // A partial run stored fresh data for part of the roster: it counts as a success, its errors stay visible.
            row.LastSuccessAtUtc = run.FinishedAt.UtcDateTime;
            row.ConsecutiveFailures = 0;
            row.LastError = run.Errors.FirstOrDefault();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConnectorState>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ConnectorStates.AsNoTracking().OrderBy(r => r.InstanceId).ToListAsync(cancellationToken);
        return rows.Select(r => new ConnectorState
        {
            InstanceId = r.InstanceId,
            LastAttemptAt = RowMapper.Offset(r.LastAttemptAtUtc),
            LastSuccessAt = RowMapper.Offset(r.LastSuccessAtUtc),
            LastError = r.LastError,
            ConsecutiveFailures = r.ConsecutiveFailures,
            LastRun = RowMapper.FromJson<SyncRunSummary?>(r.LastRunJson, null),
        }).ToList();
    }
}
