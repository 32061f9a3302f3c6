using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Pull;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Health;

namespace Sas.Interop.Sync.Runs;

/// <summary>
/// A connector's run: fetch, batch by batch, each handed to the pipeline's pull entrance
/// (<see cref="PulledBatchIngestion"/>: normalise → store); here the run's locks, counts, errors, health and log.
/// </summary>
internal sealed class ConnectorSyncService(
    ConnectorCatalog catalog,
    PulledBatchIngestion ingestion,
    ISlotStore store,
    IConnectorStateStore stateStore,
    TimeProvider timeProvider,
    IEnumerable<ISyncRunObserver> observers,
    ILogger<ConnectorSyncService> logger,
    SyncOptions? syncOptions = null,
    ConnectorHealthRegistry? health = null,
    ISyncLock? clusterLock = null,
    IConnectorRosterSource? rosters = null) : IConnectorSyncService
{
    private const int MaxErrorsKept = 20;
    private const string SuspiciousKind = "Suspicious";
    private const string NormalizeKind = "Normalize";
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    // Consecutive runs on which a scope (instance + keys) showed a suspicious drop. In memory: a restart only makes
    // the guard more cautious.
    private readonly ConcurrentDictionary<string, int> _suspiciousRuns = new(StringComparer.Ordinal);
    private readonly SuspiciousDropOptions _drop = (syncOptions ?? new SyncOptions()).SuspiciousDrop;

    public async Task<SyncRunSummary> SyncAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = catalog.Find(instanceId) ?? throw new KeyNotFoundException($"No connector instance '{instanceId}' is configured.");
        var gate = _gates.GetOrAdd(instanceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);

        // Several nodes: the in-process gate is not enough for an admin "sync now" landing on another node.
        var held = clusterLock is null ? null : await AcquireClusterLockAsync(clusterLock, instanceId, gate, cancellationToken);
        try
        {
            var issues = new List<IngestionIssue>();
            var batches = new List<SyncBatchOutcome>();
            var roster = rosters is null ? null : await rosters.KeysAsync(instance.Id, cancellationToken);
            var summary = await RunAsync(instance.Id, catalog.GetConnector(instance), instance.Options.WindowHours, roster, issues, batches, cancellationToken);
            await stateStore.RecordRunAsync(summary, CancellationToken.None);
            health?.RecordRun(summary);
            Log(summary);
            await NotifyObserversAsync(new SyncRunReport(summary, issues, batches));
            return summary;
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync();
            }

            gate.Release();
        }
    }

    private static async Task<IAsyncDisposable> AcquireClusterLockAsync(ISyncLock clusterLock, string instanceId, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            return await clusterLock.AcquireAsync(instanceId, cancellationToken);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private async System.Threading.Tasks.Task NotifyObserversAsync(SyncRunReport report)
    {
        foreach (var observer in observers)
        {
            try
            {
                // Not cancelled with the sync: the run happened and its report must be complete.
                await observer.OnRunCompletedAsync(report, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sync {Instance}: observer {Observer} failed", report.Summary.InstanceId, observer.GetType().Name);
            }
        }
    }

    private async Task<SyncRunSummary> RunAsync(string instanceId, IAgendaConnector connector, int windowHours, IReadOnlyList<string>? roster, List<IngestionIssue> issues, List<SyncBatchOutcome> batches, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetUtcNow();

        // Whole minutes, in UTC: a provider may hand back its instant with any offset.
        var utc = startedAt.ToUniversalTime();
        var windowStart = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        var context = new ConnectorFetchContext
        {
            InstanceId = instanceId,
            WindowStart = windowStart,
            WindowEnd = windowStart.AddHours(windowHours),
            Roster = roster,
        };

        var errors = new List<string>();
        int keys = 0, succeeded = 0, failed = 0, fetched = 0, stored = 0, removed = 0, rejected = 0, suspicious = 0, outOfOrder = 0;
        var failureKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await foreach (var batch in connector.FetchAsync(context, cancellationToken))
            {
                keys += batch.Scope.Keys.Count;
                batches.Add(new SyncBatchOutcome(batch.Duration, batch.Failure?.Kind));
                if (batch.Failure is { } failure)
                {
                    failed++;
                    Count(failureKinds, failure.Kind.ToString());
                    AddError(errors, $"{failure.Kind}: {failure.Message}");
                    logger.LogWarning("Sync {Instance}: batch of {Keys} keys failed ({Kind}): {Message}", instanceId, batch.Scope.Keys.Count, failure.Kind, failure.Message);
                    continue;
                }

                fetched += batch.Resources.Count(r => r is Slot);
                var outcome = await ingestion.IngestAsync(instanceId, batch, (scope, incoming, token) => CheckSuspiciousDropAsync(instanceId, scope, incoming, token), cancellationToken);
                if (outcome.Status == PulledBatchStatus.NotNormalized)
                {
                    failed++;
                    Count(failureKinds, NormalizeKind);
                    AddError(errors, $"{NormalizeKind}: {outcome.Error!.GetBaseException().Message}");
                    logger.LogError(outcome.Error, "Sync {Instance}: normalising a batch of {Keys} keys failed; its previous data is kept", instanceId, batch.Scope.Keys.Count);
                    continue;
                }

                rejected += outcome.Issues.Count(i => i.Rejected);
                issues.AddRange(outcome.Issues);
                foreach (var issue in outcome.Issues.Take(3))
                {
                    logger.LogWarning("Sync {Instance}: {Outcome} {ResourceType}/{NativeId}: {Reason} {Message}", instanceId, issue.Rejected ? "rejected" : "kept with a fix", issue.ResourceType, issue.NativeId, issue.Reason, issue.Message);
                }

                switch (outcome.Status)
                {
                    case PulledBatchStatus.Suspicious:
                        failed++;
                        suspicious++;
                        Count(failureKinds, SuspiciousKind);
                        AddError(errors, outcome.Anomaly!);
                        logger.LogWarning("Sync {Instance}: batch of {Keys} keys not applied, its previous slots are kept: {Anomaly}", instanceId, batch.Scope.Keys.Count, outcome.Anomaly);
                        break;
                    case PulledBatchStatus.NotStored:
                        failed++;
                        Count(failureKinds, "Store");
                        AddError(errors, $"Store: {outcome.Error!.GetBaseException().Message}");
                        logger.LogError(outcome.Error, "Sync {Instance}: storing a batch of {Keys} keys failed; its previous data is kept", instanceId, batch.Scope.Keys.Count);
                        break;
                    default:
                        var result = outcome.Written!;
                        outOfOrder += result.SlotsOutOfOrder;
                        rejected += result.SlotsOutOfOrder;
                        if (result.SlotsOutOfOrder > 0)
                        {
                            logger.LogWarning("Sync {Instance}: {Count} slots refused as out-of-order (older than the fact held: an older meta.lastUpdated, or fetched before the hub booked the slot; kept)", instanceId, result.SlotsOutOfOrder);
                        }

                        stored += result.SlotsStored;
                        removed += result.SlotsRemoved;
                        succeeded++;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A connector that throws instead of yielding a failed batch: count it, keep what was stored.
            failed++;
            Count(failureKinds, "Connector");
            AddError(errors, $"Connector: {ex.GetBaseException().Message}");
            logger.LogError(ex, "Sync {Instance}: the connector failed", instanceId);
        }

        var status = failed == 0 ? SyncRunStatus.Succeeded : succeeded > 0 ? SyncRunStatus.Partial : SyncRunStatus.Failed;
        return new SyncRunSummary
        {
            InstanceId = instanceId,
            StartedAt = startedAt,
            FinishedAt = timeProvider.GetUtcNow(),
            Status = status,
            KeysAsked = keys,
            BatchesSucceeded = succeeded,
            BatchesFailed = failed,
            SlotsFetched = fetched,
            SlotsStored = stored,
            SlotsRemoved = removed,
            ResourcesRejected = rejected,
            BatchesSuspicious = suspicious,
            SlotsOutOfOrder = outOfOrder,
            FailureKinds = failureKinds,
            Errors = errors,
        };
    }

    /// <summary>
    /// The suspicious-snapshot guard: the anomaly text when this successful batch must not be applied (its slot count
    /// collapsed against what the scope holds), null to apply it. The K-th consecutive run with the drop applies it.
    /// </summary>
    private async Task<string?> CheckSuspiciousDropAsync(string instanceId, SyncScope scope, int incoming, CancellationToken cancellationToken)
    {
        var scopeKey = instanceId + "|" + string.Join(',', scope.Keys);
        if (_drop.AcceptAfter <= 1)
        {
            return null;
        }

        var previous = await store.CountScopeAsync(instanceId, scope, cancellationToken);
        if (previous < _drop.MinPrevious || incoming >= previous * _drop.Ratio)
        {
            _suspiciousRuns.TryRemove(scopeKey, out _);
            return null;
        }

        var seen = _suspiciousRuns.AddOrUpdate(scopeKey, 1, (_, n) => n + 1);
        if (seen >= _drop.AcceptAfter)
        {
            _suspiciousRuns.TryRemove(scopeKey, out _);
            logger.LogWarning("Sync {Instance}: slot count of {Keys} keys dropped from {Previous} to {Incoming} on {Runs} runs in a row: applied as a real change", instanceId, scope.Keys.Count, previous, incoming, seen);
            return null;
        }

        return $"{SuspiciousKind}: the publisher answered {incoming} slots where {previous} were held for these {scope.Keys.Count} keys (below {_drop.Ratio:P0}); not applied (run {seen} of {_drop.AcceptAfter} before the drop is accepted).";
    }

    private static void Count(Dictionary<string, int> counts, string kind) =>
        counts[kind] = counts.GetValueOrDefault(kind) + 1;

    private static void AddError(List<string> errors, string error)
    {
        if (errors.Count < MaxErrorsKept)
        {
            errors.Add(error);
        }
    }

    private void Log(SyncRunSummary s)
    {
        var level = s.Status switch
        {
            SyncRunStatus.Succeeded => LogLevel.Information,
            SyncRunStatus.Partial => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        logger.Log(
            level,
            "Sync {Instance} {Status}: {Keys} asked in {Batches} batches ({Failed} failed), {Fetched} slots fetched, {Stored} stored, {Removed} removed, {Rejected} rejected, in {DurationMs:F0} ms",
            s.InstanceId,
            s.Status,
            s.KeysAsked,
            s.BatchesSucceeded + s.BatchesFailed,
            s.BatchesFailed,
            s.SlotsFetched,
            s.SlotsStored,
            s.SlotsRemoved,
            s.ResourcesRejected,
            s.Duration.TotalMilliseconds);
    }
}
