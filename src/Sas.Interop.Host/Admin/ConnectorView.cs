using Sas.Interop.Core.Sync;

namespace Sas.Interop.Host.Admin;

/// <summary>One row of <c>GET /admin/connectors</c>.</summary>
internal sealed record ConnectorView(
    string Id,
    string Type,
    string BaseUrl,
    bool Enabled,
    string Schedule,
    int WindowHours,
    string State,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    int ConsecutiveFailures,
    int SlotCount,
    SyncRunSummary? LastRun);
