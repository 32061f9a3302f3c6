using Sas.Interop.Core.Storage;

namespace Sas.Interop.Host.Sources;

/// <summary>
/// At start-up, before the first request: the configuration seeds the rosters in the database, then what the hub no
/// longer serves stops being served. A removed roster key, a disabled or removed instance, a removed publisher lose
/// their slots now, not when they would have gone stale (<c>Sync:WithholdAfter</c>, 24 h by default).
/// </summary>
internal static class SourceWithdrawalStartup
{
    public static async Task WithdrawUnservedDataAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var sources = services.GetRequiredService<ServedSources>();
        var rosters = services.GetRequiredService<ISourceRosterStore>();
        var store = services.GetRequiredService<ISourceWithdrawalStore>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Sources");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var unseeded = await rosters.SeedAsync(sources.ConfiguredRosters, now, cancellationToken);
        foreach (var (source, keys) in unseeded.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            logger.LogWarning("Removed {Keys} keys from the roster of {Source}: the configuration no longer lists them (uploaded keys stay)", keys, source);
        }

        var withdrawn = await store.WithdrawUnservedSlotsAsync(await sources.AllAsync(cancellationToken), cancellationToken);
        foreach (var (source, slots) in withdrawn.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            logger.LogWarning(
                "Withdrew {Slots} slots of source {Source}: {Why}. Its other rows are kept, unserved, until POST /admin/connectors/{Source}/purge.",
                slots,
                source,
                sources.IsServed(source) ? "their practitioners or associations are no longer in its roster" : "it is no longer configured, or is disabled",
                source);
        }
    }
}
