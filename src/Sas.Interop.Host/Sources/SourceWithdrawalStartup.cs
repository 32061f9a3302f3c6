using Sas.Interop.Core.Storage;

namespace Sas.Interop.Host.Sources;

/// <summary>
/// At start-up, before the first request: what the new configuration no longer serves stops being served. A removed
/// roster key, a disabled or removed instance, a removed publisher lose their slots now, not when they would have
/// gone stale (<c>Sync:WithholdAfter</c>, 24 h by default).
/// </summary>
internal static class SourceWithdrawalStartup
{
    public static async Task WithdrawUnservedDataAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var sources = services.GetRequiredService<ServedSources>();
        var store = services.GetRequiredService<ISourceWithdrawalStore>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Sources");
        var withdrawn = await store.WithdrawUnservedSlotsAsync(sources.All, cancellationToken);
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
