using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Sync.Runs;

/// <summary>How one batch fetch went: its duration (retries included) and, when it failed, why.</summary>
public sealed record SyncBatchOutcome(TimeSpan Duration, ConnectorFailureKind? FailureKind);
