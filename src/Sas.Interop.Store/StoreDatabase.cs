using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Storage;

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

    // renderer: renders what the facade serves at write time (see ServedJsonInterceptor); null renders nothing.
    public static TBuilder Configure<TBuilder>(TBuilder builder, StoreProvider provider, string connectionString, IServedResourceRenderer? renderer = null)
        where TBuilder : DbContextOptionsBuilder
    {
        if (renderer is not null)
        {
            builder.AddInterceptors(new ServedJsonInterceptor(renderer));
        }

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
