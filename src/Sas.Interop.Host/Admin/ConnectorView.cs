using System.Text.Json.Serialization;
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

    /// <summary>Circuit-breaker state (<c>closed</c>, <c>open</c>, <c>half-open</c>) from the breaker's own callbacks, since start-up.</summary>
    public string? Circuit { get; init; }

    /// <summary>Failed batches of the last run since start-up, per kind (<c>Timeout</c>, <c>HttpStatus</c>, …, <c>Suspicious</c>).</summary>
    public IReadOnlyDictionary<string, int>? FailureKinds { get; init; }

    public double? FetchP50Ms { get; init; }

    public double? FetchP95Ms { get; init; }

    public int FetchSamples { get; init; }

    public int PractitionerCount { get; init; }

    public DateTimeOffset? OldestSlotFetchedAt { get; init; }

    /// <summary>Now minus the oldest fetch time of the slots held, or minus the last success when none are held.</summary>
    public long? DataAgeSeconds { get; init; }

    /// <summary>The instant <see cref="DataAgeSeconds"/> counts from, for the data-age gauge to count at scrape time.</summary>
    [JsonIgnore]
    public DateTimeOffset? DataAsOf { get; init; }

    /// <summary>
    /// The data age past which the instance is late: twice the longest gap between its scheduled runs, at least
    /// <c>Sync:StaleAfter</c>. Null when it runs on no schedule (manual, paused, disabled, removed).
    /// </summary>
    public long? AllowedDataAgeSeconds { get; init; }

    /// <summary>
    /// Rows held and not served: the whole source when it is disabled or no longer configured (state <c>removed</c>),
    /// else those of keys removed from its roster. <c>POST /admin/connectors/{id}/purge</c> deletes them.
    /// </summary>
    public OrphanedDataView Orphaned { get; init; } = OrphanedDataView.None;

    /// <summary>
    /// Keys in the instance's roster in the database (<c>GET /admin/connectors/{id}/roster</c>); null when it is
    /// disabled, removed, or of a type that keeps no roster.
    /// </summary>
    public int? RosterSize { get; init; }
}
