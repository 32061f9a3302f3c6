using Microsoft.EntityFrameworkCore;

namespace Sas.Interop.Store.Unavailabilities;

/// <summary>Table of the long-unavailability webhook events.</summary>
internal static class UnavailabilityNotificationModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UnavailabilityNotificationRow>(e =>
        {
            e.ToTable("unavailability_notifications");
            e.HasIndex(x => new { x.Stream, x.Sequence }).IsUnique();
            e.HasIndex(x => new { x.State, x.NextAttemptAtUtc });
        });
    }
}
