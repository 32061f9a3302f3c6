using Microsoft.EntityFrameworkCore;

namespace Sas.Interop.Store;

/// <summary>Provider selection: the one place that knows which engine-specific options each provider gets.</summary>
internal static class StoreDatabase
{
    public static StoreProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => StoreProvider.Sqlite,
        "postgres" or "postgresql" => StoreProvider.Postgres,
        _ => throw new InvalidOperationException($"Store:Provider '{value}' is not known: use 'sqlite' (default) or 'postgres'."),
    };

    public static TBuilder Configure<TBuilder>(TBuilder builder, StoreProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        if (provider == StoreProvider.Sqlite)
        {
            builder.UseSqlite(connectionString).AddInterceptors(new SqlitePragmaInterceptor());
        }
        else
        {
            builder.UseNpgsql(connectionString);
        }

        return builder;
    }
}
