using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Sources;
using Sas.Interop.Sync.Runs;

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
        admin.MapRosterEndpoints();
        admin.MapIdentityConflictEndpoints();
        admin.MapGet("/kpis", KpiEndpoints.GetKpisAsync);
        admin.MapGet("/export.csv", ExportEndpoints.ExportAsync);
        admin.MapKpiDepartments();
        admin.MapUnavailabilities();
        admin.MapDashboard();
        admin.MapDashboardMap();
        endpoints.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(AdminAuthorization.Policy);
        return endpoints;
    }

    private static async Task<IResult> ListConnectorsAsync(ConnectorOverview overview, CancellationToken cancellationToken) =>
        Results.Ok(await overview.ListAsync(cancellationToken));

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

        var deleted = await withdrawals.PurgeOrphansAsync(instanceId, await served.AllAsync(cancellationToken), cancellationToken);
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
}
