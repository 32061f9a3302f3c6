using Sas.Interop.Core.Storage;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Sources;

/// <summary>
/// After each run, withdraws what it stored for a key removed from the roster while it ran (the removal deleted the
/// key's slots at once; a batch fetched before it may have stored some again). Nothing else is outside the roster.
/// </summary>
internal sealed class RosterSweepObserver(ServedSources served, ISourceRosterStore rosters, ILogger<RosterSweepObserver> logger) : ISyncRunObserver
{
    public async Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var instance = report.Summary.InstanceId;
        if (served.RosterKindOf(instance) is not { } kind)
        {
            return;
        }

        var withdrawn = await rosters.WithdrawOutsideRosterAsync(instance, kind, cancellationToken);
        if (withdrawn > 0)
        {
            logger.LogWarning("Withdrew {Slots} slots of source {Source} stored for keys removed from its roster while it synced", withdrawn, instance);
        }
    }
}
