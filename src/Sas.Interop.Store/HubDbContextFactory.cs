using Microsoft.EntityFrameworkCore;

namespace Sas.Interop.Store;

/// <summary>Hands out the provider's context as the <see cref="HubDbContext"/> every store works with.</summary>
internal sealed class HubDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<HubDbContext>
    where TContext : HubDbContext
{
    public HubDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<HubDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
