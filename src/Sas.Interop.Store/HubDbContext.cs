using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Appointments;
using Sas.Interop.Store.Entities;
using Sas.Interop.Store.Regulators;
using Sas.Interop.Store.Statistics;

namespace Sas.Interop.Store;

/// <summary>The canonical store. Unique keys on (source instance, native id) make a duplicate impossible, whatever the caller does.</summary>
/// <remarks>
/// One model, two providers: <see cref="SqliteHubDbContext"/> and <see cref="PostgresHubDbContext"/> only exist so that
/// each provider has its own migration set (EF Core keys a migration set on the context type), as EF Core's
/// "migrations with multiple providers" guidance describes. Code uses this base type.
/// </remarks>
internal abstract class HubDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<PractitionerRow> Practitioners => Set<PractitionerRow>();

    public DbSet<PlaceRow> Places => Set<PlaceRow>();

    public DbSet<ScheduleRow> Schedules => Set<ScheduleRow>();

    public DbSet<SlotRow> Slots => Set<SlotRow>();

    public DbSet<OrganizationRow> Organizations => Set<OrganizationRow>();

    public DbSet<HealthcareServiceRow> HealthcareServices => Set<HealthcareServiceRow>();

    public DbSet<LocationRow> Locations => Set<LocationRow>();

    public DbSet<ConnectorStateRow> ConnectorStates => Set<ConnectorStateRow>();

    public DbSet<ServedStampRow> ServedStamps => Set<ServedStampRow>();

    public DbSet<PushIdentifierRow> PushIdentifiers => Set<PushIdentifierRow>();

    public DbSet<RosterEntryRow> RosterEntries => Set<RosterEntryRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PractitionerRow>(e =>
        {
            e.ToTable("practitioners");
            e.HasIndex(x => new { x.SourceInstance, x.NativeId }).IsUnique();
            e.HasIndex(x => x.NationalId);
        });
        modelBuilder.Entity<PlaceRow>(e =>
        {
            e.ToTable("places");
            e.HasIndex(x => new { x.SourceInstance, x.NativeId }).IsUnique();

            // hub-near: bounding-box prefilter.
            e.HasIndex(x => new { x.Latitude, x.Longitude });
        });
        modelBuilder.Entity<ScheduleRow>(e =>
        {
            e.ToTable("schedules");
            e.HasIndex(x => new { x.SourceInstance, x.NativeId }).IsUnique();
        });
        modelBuilder.Entity<SlotRow>(e =>
        {
            e.ToTable("slots");
            e.HasIndex(x => new { x.SourceInstance, x.NativeId }).IsUnique();

            // The SAS searches: practitioner (or association) list + status + start window.
            e.HasIndex(x => new { x.PractitionerNationalId, x.Status, x.StartUtc });
            e.HasIndex(x => new { x.OrganizationNationalId, x.Status, x.StartUtc });

            // A sync batch's scope (one source, its 25 practitioners or associations, a window). Without these, SQLite
            // answered "SourceInstance = ? AND …" through the unique index, i.e. by reading every slot of the source:
            // 56 ms per batch at 100k slots, ten times that at 1M (0.25 ms with them).
            e.HasIndex(x => new { x.SourceInstance, x.PractitionerNationalId, x.StartUtc });
            e.HasIndex(x => new { x.SourceInstance, x.OrganizationNationalId, x.StartUtc });
        });
        modelBuilder.Entity<OrganizationRow>(e =>
        {
            e.ToTable("organizations");
            e.HasIndex(x => new { x.SourceInstance, x.NativeId }).IsUnique();
        });
        modelBuilder.Entity<HealthcareServiceRow>(e =>
        {
            e.ToTable("healthcare_services");
            e.HasIndex(x => new { x.SourceInstance, x.NativeId }).IsUnique();
        });
        modelBuilder.Entity<LocationRow>(e =>
        {
            e.ToTable("locations");
            e.HasIndex(x => new { x.SourceInstance, x.NativeId }).IsUnique();

            // hub-near over structure agendas: the same bounding-box prefilter as places.
            e.HasIndex(x => new { x.Latitude, x.Longitude });
        });
        modelBuilder.Entity<PushIdentifierRow>(e =>
        {
            e.ToTable("push_identifiers");
            e.Property(x => x.System).HasMaxLength(IPushStore.MaxIdentifierSystemLength);
            e.Property(x => x.Value).HasMaxLength(64);
            e.Property(x => x.NativeId).HasMaxLength(64);
            e.HasIndex(x => new { x.SourceInstance, x.ResourceType, x.Value, x.System }).IsUnique();
            e.HasIndex(x => new { x.SourceInstance, x.ResourceType, x.NativeId }).IsUnique();
        });
        modelBuilder.Entity<ServedStampRow>(e =>
        {
            // Written by triggers only (ServedStampTriggers, installed by the ServedStamps migration; ServedFetchStampTriggers since ServedFetchStamps).
            e.ToTable("served_stamps");
            e.HasKey(x => new { x.PractitionerNationalId, x.SourceInstance });
        });
        modelBuilder.Entity<ConnectorStateRow>(e =>
        {
            e.ToTable("connector_states");
            e.HasKey(x => x.InstanceId);
        });
        // Every UPDATE of a canonical row carries "WHERE Version = <version read>": a write based on a stale read
        // (another node, another request) touches no row and fails instead of overwriting (DbUpdateConcurrencyException).
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(t => typeof(ISourceRow).IsAssignableFrom(t.ClrType)))
        {
            modelBuilder.Entity(entity.ClrType).Property(nameof(ISourceRow.Version)).IsConcurrencyToken();
        }

        StatisticsModel.Configure(modelBuilder);
        AppointmentModel.Configure(modelBuilder);
        RegulatorModel.Configure(modelBuilder);
        RosterModel.Configure(modelBuilder);
        Unavailabilities.UnavailabilityNotificationModel.Configure(modelBuilder);
    }
}
