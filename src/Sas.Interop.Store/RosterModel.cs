using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>The roster table: the keys each connector instance fetches and serves.</summary>
internal static class RosterModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RosterEntryRow>(e =>
        {
            // One key once per instance: a second upload of it is "already present", never a second row.
            e.ToTable("roster_entries");
            e.HasKey(x => new { x.SourceInstance, x.NationalId });
            e.Property(x => x.NationalId).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(8);
            e.Property(x => x.Origin).HasMaxLength(16);
            e.Property(x => x.Label).HasMaxLength(RosterEntry.MaxLabelLength);
            e.Property(x => x.Email).HasMaxLength(RosterEntry.MaxEmailLength);
        });
    }
}
