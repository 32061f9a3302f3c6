using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Push;
using Sas.Interop.Host.Sources;
using Sas.Interop.Sync.Health;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Host.Admin;

/// <summary>Operator API: connector health and control, KPIs, export, feed quality, the dashboard and /metrics.</summary>
internal static class AdminEndpoints
{
    private const int DefaultQualityExamples = 5;

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").WithTags("Admin").RequireAuthorization(AdminAuthorization.Policy);
        admin.MapGet("/connectors", ListConnectorsAsync);
        admin.MapPost("/connectors/{instanceId}/sync", SyncAsync);
        admin.MapPost("/connectors/{instanceId}/pause", (string instanceId, ConnectorCatalog catalog, IConnectorPauseStore pauses, TimeProvider time, CancellationToken ct) =>
            SetPausedAsync(instanceId, paused: true, catalog, pauses, time, ct));
        admin.MapPost("/connectors/{instanceId}/resume", (string instanceId, ConnectorCatalog catalog, IConnectorPauseStore pauses, TimeProvider time, CancellationToken ct) =>
            SetPausedAsync(instanceId, paused: false, catalog, pauses, time, ct));
        admin.MapGet("/connectors/{instanceId}/quality", GetQualityAsync);
        admin.MapPost("/connectors/{instanceId}/purge", PurgeAsync);
        admin.MapGet("/kpis", KpiEndpoints.GetKpisAsync);
        admin.MapGet("/export.csv", ExportEndpoints.ExportAsync);
        admin.MapDashboard();
        endpoints.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(AdminAuthorization.Policy);
        return endpoints;
    }

    private static async Task<IResult> ListConnectorsAsync(
        ConnectorCatalog catalog,
        IConnectorStateStore stateStore,
        IConnectorPauseStore pauseStore,
        IStatisticsStore statistics,
        ConnectorLatencyTracker latencies,
        IConnectorHealth health,
        ServedSources served,
        ISourceWithdrawalStore withdrawals,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var states = (await stateStore.GetAllAsync(cancellationToken)).ToDictionary(s => s.InstanceId, StringComparer.Ordinal);
        var orphans = (await withdrawals.GetOrphansAsync(served.All, cancellationToken)).ToDictionary(o => o.SourceInstance, StringComparer.Ordinal);
        var paused = await pauseStore.GetPausedAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var holdings = (await statistics.GetHoldingsAsync(now, cancellationToken)).ToDictionary(h => h.SourceInstance, StringComparer.Ordinal);
        var rows = catalog.Instances.Select(instance =>
        {
            states.TryGetValue(instance.Id, out var state);
            holdings.TryGetValue(instance.Id, out var held);
            var isPaused = paused.TryGetValue(instance.Id, out var pausedAt);
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
                StateOf(instance.Options.Enabled && !isPaused, state),
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
                DataAgeSeconds = dataAsOf is { } asOf ? (long)Math.Max(0, (now - asOf).TotalSeconds) : null,
                Orphaned = OrphanedDataView.From(orphans.GetValueOrDefault(instance.Id)),
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
        return Results.Ok(rows);
    }

    /// <summary>
    /// Deletes what a source holds and does not serve (its <c>orphaned</c> rows): all of a removed or disabled source,
    /// or the rows of keys removed from a served instance's roster. Never a served row.
    /// </summary>
    private static async Task<IResult> PurgeAsync(string instanceId, ServedSources served, ISourceWithdrawalStore withdrawals, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Every source id (a connector instance, or push-<publisher>) follows the instance id rule.
        if (!InstanceIds.IsValid(instanceId))
        {
            return UnknownInstance(instanceId);
        }

        var deleted = await withdrawals.PurgeOrphansAsync(instanceId, served.All, cancellationToken);
        if (deleted.Total > 0)
        {
            loggers.CreateLogger("Sas.Interop.Sources").LogWarning("Purged {Rows} unserved rows of source {Source} on an operator's request", deleted.Total, instanceId);
        }

        return Results.Ok(new { id = instanceId, served = served.IsServed(instanceId), purged = OrphanedDataView.From(deleted) });
    }

    private static async Task<IResult> SyncAsync(
        string instanceId,
        ConnectorCatalog catalog,
        IConnectorSyncService syncService,
        IConnectorPauseStore pauseStore,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        if (catalog.Find(instanceId) is null)
        {
            return UnknownInstance(instanceId);
        }

        // A pause means "do not call this publisher" (it asked us to stop, or it is under maintenance):
        // a manual sync is refused too, rather than silently overriding the pause.
        if ((await pauseStore.GetPausedAsync(cancellationToken)).ContainsKey(instanceId))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Connector instance paused", detail: $"'{instanceId}' is paused; POST /admin/connectors/{instanceId}/resume first.");
        }

        // The sync goes on if the caller hangs up: a half-run sync would only waste the publisher's work.
        var summary = await syncService.SyncAsync(instanceId, lifetime.ApplicationStopping);
        return Results.Ok(SyncResponse.From(summary));
    }

    private static async Task<IResult> SetPausedAsync(string instanceId, bool paused, ConnectorCatalog catalog, IConnectorPauseStore pauseStore, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (catalog.Find(instanceId) is null)
        {
            return UnknownInstance(instanceId);
        }

        await pauseStore.SetPausedAsync(instanceId, paused, timeProvider.GetUtcNow(), cancellationToken);
        var pausedAt = (await pauseStore.GetPausedAsync(cancellationToken)).TryGetValue(instanceId, out var at) ? at : (DateTimeOffset?)null;
        return Results.Ok(new { id = instanceId, paused, pausedAt });
    }

    private static async Task<IResult> GetQualityAsync(string instanceId, int? examples, ConnectorCatalog catalog, IFeedQualityStore qualityStore, CancellationToken cancellationToken)
    {
        if (catalog.Find(instanceId) is null)
        {
            return UnknownInstance(instanceId);
        }

        var take = Math.Clamp(examples ?? DefaultQualityExamples, 0, FeedQualityReport.MaxExamplesPerReason);
        var report = await qualityStore.GetAsync(instanceId, cancellationToken);
        var reasons = report?.Reasons.Select(r => new QualityReasonView(r.Reason, r.Rejected, r.KeptWithFix, r.Examples.Take(take).ToList())).ToList() ?? [];
        return Results.Ok(new QualityView(instanceId, report?.RunAt, reasons.Sum(r => r.Rejected), reasons.Sum(r => r.KeptWithFix), reasons));
    }

    private static IResult UnknownInstance(string instanceId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown connector instance", detail: $"No connector instance '{instanceId}' is configured.");

    private static string StateOf(bool running, ConnectorState? state) => (running, state) switch
    {
        (false, _) => "paused",
        (_, null) => "pending",
        (_, { ConsecutiveFailures: >= 3 }) => "failing",
        (_, { ConsecutiveFailures: > 0 }) => "degraded",
        (_, { LastRun.Status: SyncRunStatus.Partial }) => "degraded",
        _ => "healthy",
    };
}
