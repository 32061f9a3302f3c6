using Sas.Interop.Core.Sync;

namespace Sas.Interop.Core.Storage;

/// <summary>Health of one connector instance, kept across restarts.</summary>
public sealed record ConnectorState
{
    public required string InstanceId { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public string? LastError { get; init; }

    public int ConsecutiveFailures { get; init; }

    public SyncRunSummary? LastRun { get; init; }
}
