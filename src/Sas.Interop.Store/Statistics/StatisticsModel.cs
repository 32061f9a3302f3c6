using Microsoft.EntityFrameworkCore;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store.Statistics;

/// <summary>Tables of the admin read models, kept apart from the canonical model's configuration.</summary>
internal static class StatisticsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DailySlotSnapshotRow>(e =>
        {
            e.ToTable("daily_slot_snapshots");
            e.HasIndex(x => new { x.Day, x.Department, x.Commune }).IsUnique();
        });
        modelBuilder.Entity<SasSearchCountRow>(e =>
        {
            e.ToTable("sas_search_counts");
            e.HasKey(x => x.Day);
        });
        modelBuilder.Entity<FeedQualityReportRow>(e =>
        {
            e.ToTable("feed_quality_reports");
            e.HasKey(x => x.InstanceId);
        });
    }
}
