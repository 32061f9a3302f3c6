namespace Sas.Interop.Core.Sync;

/// <summary>What one sync of one connector instance did, as reported by the admin API and the logs.</summary>
public sealed record SyncRunSummary
{
    public required string InstanceId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required SyncRunStatus Status { get; init; }

    /// <summary>Keys asked (practitioners or associations) across all batches.</summary>
    public int KeysAsked { get; init; }

    public int BatchesSucceeded { get; init; }

    public int BatchesFailed { get; init; }

    /// <summary>Slots received from the publisher before normalisation.</summary>
    public int SlotsFetched { get; init; }

    /// <summary>Slots written to the store.</summary>
    public int SlotsStored { get; init; }

    /// <summary>Slots removed because the publisher no longer lists them in a fetched scope.</summary>
    public int SlotsRemoved { get; init; }

    /// <summary>Resources rejected by normalisation.</summary>
    public int ResourcesRejected { get; init; }

    /// <summary>
    /// Successful batches not applied because their slot count collapsed against what the scope held (suspicious
    /// snapshot); they are also counted in <see cref="BatchesFailed"/>.
    /// </summary>
    public int BatchesSuspicious { get; init; }

    /// <summary>Incoming slots refused because the stored version is newer (<c>meta.lastUpdated</c>).</summary>
    public int SlotsOutOfOrder { get; init; }

    /// <summary>Failed batches per kind (<c>Timeout</c>, <c>HttpStatus</c>, …, <c>Suspicious</c>, <c>Store</c>).</summary>
    public IReadOnlyDictionary<string, int> FailureKinds { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<string> Errors { get; init; } = [];

    public TimeSpan Duration => FinishedAt - StartedAt;
}
