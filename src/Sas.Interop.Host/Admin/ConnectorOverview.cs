using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Host.Push;
using Sas.Interop.Host.Sources;
using Sas.Interop.Sync.Health;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// The rows of <c>GET /admin/connectors</c>: each configured instance's state, health and holdings, then the sources the
/// store holds that no configuration serves any more. The metrics snapshot reads the same rows, so a gauge and the
/// admin listing never disagree.
/// </summary>
internal sealed class ConnectorOverview(
    ConnectorCatalog catalog,
    IConnectorStateStore stateStore,
    IConnectorPauseStore pauseStore,
    IStatisticsStore statistics,
    ConnectorLatencyTracker latencies,
    IConnectorHealth health,
    ServedSources served,
    ISourceWithdrawalStore withdrawals,
    SlotFreshness freshness,
    TimeProvider timeProvider)
{
    /// <summary>Runs in a row with no successful batch from which an instance is <c>failing</c> (else <c>degraded</c>).</summary>
    public const int FailingAfter = 3;

    public async Task<List<ConnectorView>> ListAsync(CancellationToken cancellationToken)
    {
        var states = (await stateStore.GetAllAsync(cancellationToken)).ToDictionary(s => s.InstanceId, StringComparer.Ordinal);
        var servedSources = await served.AllAsync(cancellationToken);
        var rosterSizes = servedSources.Where(s => s.Roster is not null).ToDictionary(s => s.SourceInstance, s => s.Roster!.Keys.Count, StringComparer.Ordinal);
        var orphans = (await withdrawals.GetOrphansAsync(servedSources, cancellationToken)).ToDictionary(o => o.SourceInstance, StringComparer.Ordinal);
        var paused = await pauseStore.GetPausedAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var holdings = (await statistics.GetHoldingsAsync(now, cancellationToken)).ToDictionary(h => h.SourceInstance, StringComparer.Ordinal);
        var rows = catalog.Instances.Select(instance =>
        {
            states.TryGetValue(instance.Id, out var state);
            holdings.TryGetValue(instance.Id, out var held);
            var isPaused = paused.TryGetValue(instance.Id, out var pausedAt);
            var running = instance.Options.Enabled && !isPaused;
            var latency = latencies.Get(instance.Id);
            var live = health.Get(instance.Id);
            var dataAsOf = held?.OldestSlotFetchedAt ?? state?.LastSuccessAt;
            return new ConnectorView(
                instance.Id,
                instance.Type,
                instance.BaseAddress.ToString(),
                instance.Options.Enabled,
                instance.ScheduleDescription,
                instance.Options.WindowHours,
                StateOf(running, state),
                state?.LastAttemptAt,
                state?.LastSuccessAt,
                state?.LastError,
                state?.ConsecutiveFailures ?? 0,
                held?.Slots ?? 0,
                state?.LastRun)
            {
                Paused = isPaused,
                PausedAt = isPaused ? pausedAt : null,
                Circuit = live.Circuit,
                FailureKinds = live.FailureKinds,
                FetchP50Ms = latency?.P50Ms,
                FetchP95Ms = latency?.P95Ms,
                FetchSamples = latency?.Samples ?? 0,
                PractitionerCount = held?.Practitioners ?? 0,
                OldestSlotFetchedAt = held?.OldestSlotFetchedAt,
                DataAsOf = dataAsOf,
                DataAgeSeconds = dataAsOf is { } asOf ? (long)Math.Max(0, (now - asOf).TotalSeconds) : null,
                AllowedDataAgeSeconds = running && instance.LongestScheduleGap(now) is { } gap ? (long)AllowedDataAge(gap).TotalSeconds : null,
                Orphaned = OrphanedDataView.From(orphans.GetValueOrDefault(instance.Id)),
                RosterSize = rosterSizes.TryGetValue(instance.Id, out var rosterSize) ? rosterSize : null,
            };
        }).ToList();

        // Sources the store holds that no configuration serves any more: an instance or a publisher removed.
        var configured = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(orphans.Values.Where(o => !configured.Contains(o.SourceInstance) && !o.SourceServed).Select(o =>
            new ConnectorView(o.SourceInstance, o.SourceInstance.StartsWith(PushPublisher.SourcePrefix, StringComparison.Ordinal) ? "push" : "removed", string.Empty, false, "none", 0, "removed", null, null, null, 0, o.Slots, null)
            {
                PractitionerCount = o.Practitioners,
                Orphaned = OrphanedDataView.From(o),
            }));
        return rows;
    }

    // Two missed runs are an incident; under Sync:StaleAfter the slots are not even tagged stale yet.
    private TimeSpan AllowedDataAge(TimeSpan longestGap) => TimeSpan.FromTicks(Math.Max(freshness.StaleAfter.Ticks, 2 * longestGap.Ticks));

    private static string StateOf(bool running, ConnectorState? state) => (running, state) switch
    {
        (false, _) => "paused",
        (_, null) => "pending",
        (_, { ConsecutiveFailures: >= FailingAfter }) => "failing",
        (_, { ConsecutiveFailures: > 0 }) => "degraded",
        (_, { LastRun.Status: SyncRunStatus.Partial }) => "degraded",
        _ => "healthy",
    };
}
