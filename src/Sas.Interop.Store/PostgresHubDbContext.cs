using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sas.Interop.Store;

/// <summary>The store on PostgreSQL; its migrations are in <c>Migrations/Postgres</c>.</summary>
internal sealed class PostgresHubDbContext(DbContextOptions<PostgresHubDbContext> options) : HubDbContext(options)
{
    // Byte order, as SQLite's BINARY: the capped searches order by source key and native id, and the same request
    // must get the same slots whichever engine answers (a linguistic collation sorts "a-2" and "A_1" otherwise).
    private const string BinaryCollation = "C";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz takes UTC only; every DateTime of the model is UTC by contract (the *Utc columns), but a value
        // read back from SQLite, or DateTime.MinValue, is Unspecified: say what it is rather than fail the write.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(string)))
        {
            property.SetCollation(BinaryCollation);
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
