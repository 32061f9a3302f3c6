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

            // An appointment is its publisher's: two publishers naming the same identifier hold two appointments (a
            // publisher cannot squat another's identifier and have its real appointments refused).
            e.HasIndex(x => new { x.PublisherId, x.IdentifierSystem, x.IdentifierValue }).IsUnique();
        });
        modelBuilder.Entity<AppointmentOutboxRow>(e =>
        {
            e.ToTable("appointment_outbox");
            e.Property(x => x.Stream).HasColumnName("AppointmentHubId");
            e.HasIndex(x => new { x.Stream, x.Sequence }).IsUnique();
            e.HasIndex(x => new { x.State, x.NextAttemptAtUtc });
        });
        modelBuilder.Entity<BookingDecisionRow>(e =>
        {
            e.ToTable("booking_decisions");
            e.HasKey(x => new { x.PractitionerNationalId, x.PublisherId });
        });
        modelBuilder.Entity<PractitionerSolicitationRow>(e =>
        {
            e.ToTable("practitioner_solicitations");
            e.HasKey(x => x.PractitionerNationalId);
        });
    }
}
