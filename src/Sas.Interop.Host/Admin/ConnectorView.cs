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
    SyncRunSummary? LastRun)
{
    public bool Paused { get; init; }

    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>Circuit-breaker state as the last fetched batch met it (<c>open</c> when it failed on an open circuit), not a live probe; null before any batch since start-up.</summary>
    public string? Circuit { get; init; }

    public double? FetchP50Ms { get; init; }

    public double? FetchP95Ms { get; init; }

    public int FetchSamples { get; init; }

    public int PractitionerCount { get; init; }

    public DateTimeOffset? OldestSlotFetchedAt { get; init; }

    /// <summary>Now minus the oldest fetch time of the slots held, or minus the last success when none are held.</summary>
    public long? DataAgeSeconds { get; init; }
}
