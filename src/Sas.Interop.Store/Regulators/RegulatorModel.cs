using Microsoft.EntityFrameworkCore;

namespace Sas.Interop.Store.Regulators;

/// <summary>Tables of the regulator accounts flow (INT_R02).</summary>
internal static class RegulatorModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RegulatorAccountRow>(e =>
        {
            e.ToTable("regulator_accounts");
            e.HasKey(x => x.HubId);

            // Two writes of one account at once: the second fails its update and runs again (EfRegulatorAccountStore).
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<RegulatorAccountIdentifierRow>(e =>
        {
            // One identifier, one account: a conditional update addressed by it must find exactly one.
            e.ToTable("regulator_account_identifiers");
            e.HasKey(x => new { x.System, x.Value });
            e.HasIndex(x => x.AccountHubId);
        });
        modelBuilder.Entity<RegulatorOutboxRow>(e =>
        {
            e.ToTable("regulator_outbox");
            e.HasIndex(x => new { x.Stream, x.Sequence }).IsUnique();
            e.HasIndex(x => new { x.State, x.NextAttemptAtUtc });
            e.HasIndex(x => x.Destination);
        });
    }
}
