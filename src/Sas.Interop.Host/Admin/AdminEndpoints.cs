using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Host.Admin;

/// <summary>Operator API: connector health and on-demand syncs.</summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").WithTags("Admin");
        admin.MapGet("/connectors", ListConnectorsAsync);
        admin.MapPost("/connectors/{instanceId}/sync", SyncAsync);
        return endpoints;
    }

    private static async Task<IResult> ListConnectorsAsync(
        ConnectorCatalog catalog,
        IConnectorStateStore stateStore,
        ISlotStore slotStore,
        CancellationToken cancellationToken)
    {
        var states = (await stateStore.GetAllAsync(cancellationToken)).ToDictionary(s => s.InstanceId, StringComparer.Ordinal);
        var counts = await slotStore.CountSlotsBySourceAsync(cancellationToken);
        var rows = catalog.Instances.Select(instance =>
        {
            states.TryGetValue(instance.Id, out var state);
            return new ConnectorView(
                instance.Id,
                instance.Type,
                instance.BaseAddress.ToString(),
                instance.Options.Enabled,
                instance.ScheduleDescription,
                instance.Options.WindowHours,
                StateOf(instance.Options.Enabled, state),
                state?.LastAttemptAt,
                state?.LastSuccessAt,
                state?.LastError,
                state?.ConsecutiveFailures ?? 0,
                counts.TryGetValue(instance.Id, out var count) ? count : 0,
                state?.LastRun);
        });
        return Results.Ok(rows);
    }

    private static async Task<IResult> SyncAsync(
        string instanceId,
        ConnectorCatalog catalog,
        IConnectorSyncService syncService,
        IHostApplicationLifetime lifetime)
    {
        if (catalog.Find(instanceId) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown connector instance", detail: $"No connector instance '{instanceId}' is configured.");
        }

        // The sync goes on if the caller hangs up: a half-run sync would only waste the publisher's work.
        var summary = await syncService.SyncAsync(instanceId, lifetime.ApplicationStopping);
        return Results.Ok(SyncResponse.From(summary));
    }

    private static string StateOf(bool enabled, ConnectorState? state) => (enabled, state) switch
    {
        (false, _) => "paused",
        (_, null) => "pending",
        (_, { ConsecutiveFailures: >= 3 }) => "failing",
        (_, { ConsecutiveFailures: > 0 }) => "degraded",
        (_, { LastRun.Status: SyncRunStatus.Partial }) => "degraded",
        _ => "healthy",
    };
}
