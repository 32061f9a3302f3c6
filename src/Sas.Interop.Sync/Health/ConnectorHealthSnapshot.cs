namespace Sas.Interop.Sync.Health;

/// <summary>One instance's health as <see cref="IConnectorHealth"/> sees it.</summary>
public sealed record ConnectorHealthSnapshot
{
    public required string InstanceId { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>Runs in a row with no successful batch.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Failed batches of the last run per kind (<c>Timeout</c>, <c>HttpStatus</c>, <c>RateLimited</c>, <c>Network</c>, <c>Malformed</c>, <c>CircuitOpen</c>, <c>Suspicious</c>, <c>Store</c>…).</summary>
    public IReadOnlyDictionary<string, int> FailureKinds { get; init; } = new Dictionary<string, int>();

    /// <summary>Slots refused as out-of-order in the last run.</summary>
    public int SlotsOutOfOrder { get; init; }

    /// <summary>Circuit-breaker state from the breaker's own callbacks: <c>closed</c>, <c>open</c> or <c>half-open</c>.</summary>
    public string Circuit { get; init; } = ConnectorCircuitStates.Closed;

    /// <summary>When the circuit last changed state, if it did since start-up.</summary>
    public DateTimeOffset? CircuitChangedAt { get; init; }
}
