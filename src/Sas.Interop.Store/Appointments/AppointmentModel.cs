using Microsoft.EntityFrameworkCore;

namespace Sas.Interop.Store.Appointments;

/// <summary>Tables of the appointment flow (INT_R03), kept apart from the canonical model's configuration.</summary>
internal static class AppointmentModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AppointmentRow>(e =>
        {
            e.ToTable("appointments");
            e.HasIndex(x => x.HubId).IsUnique();
            e.HasIndex(x => new { x.PublisherId, x.IdentifierSystem, x.IdentifierValue }).IsUnique();

            // One owner per identifier: another publisher naming it is refused, never merged.
            e.HasIndex(x => new { x.IdentifierSystem, x.IdentifierValue }).IsUnique();
        });
        modelBuilder.Entity<AppointmentOutboxRow>(e =>
        {
            e.ToTable("appointment_outbox");
            e.HasIndex(x => new { x.AppointmentHubId, x.Sequence }).IsUnique();
            e.HasIndex(x => new { x.State, x.NextAttemptAtUtc });
        });
        modelBuilder.Entity<PractitionerSolicitationRow>(e =>
        {
            e.ToTable("practitioner_solicitations");
            e.HasKey(x => x.PractitionerNationalId);
        });
    }
}
