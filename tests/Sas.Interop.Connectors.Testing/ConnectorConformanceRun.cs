using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Connectors.Testing;

/// <summary>What one connector run produced: its batches and, for each successful one, the hub's normalisation.</summary>
public sealed class ConnectorConformanceRun
{
    public required IReadOnlyList<ConnectorBatch> Batches { get; init; }

    /// <summary>Successful batches with what <c>FhirNormalizer</c> made of them, in order.</summary>
    public required IReadOnlyList<(ConnectorBatch Batch, NormalizedBatch Normalized)> Normalized { get; init; }

    public IEnumerable<ConnectorBatch> Failures => Batches.Where(batch => !batch.Succeeded);

    public IReadOnlyList<CanonicalSlot> Slots => [.. Normalized.SelectMany(n => n.Normalized.Slots)];

    public IReadOnlyList<IngestionIssue> Issues => [.. Normalized.SelectMany(n => n.Normalized.Issues)];
}
