using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store.Statistics;

/// <summary>One row per instance, replaced by each run: the report is about the feed as it is now.</summary>
internal sealed class EfFeedQualityStore(IDbContextFactory<HubDbContext> contextFactory) : IFeedQualityStore
{
    public async Task SaveAsync(FeedQualityReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var set = db.Set<FeedQualityReportRow>();
        var row = await set.FindAsync([report.InstanceId], cancellationToken);
        if (row is null)
        {
            row = new FeedQualityReportRow { InstanceId = report.InstanceId };
            set.Add(row);
        }

        row.RunAtUtc = report.RunAt.UtcDateTime;
        row.ReportJson = RowMapper.ToJson(report);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<FeedQualityReport?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<FeedQualityReportRow>().AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == instanceId, cancellationToken);
        return row is null ? null : RowMapper.FromJson<FeedQualityReport?>(row.ReportJson, null);
    }
}
