using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;

namespace Sas.Interop.Ingestion.Pull;

/// <summary>
/// The pull entrance of the pipeline, once a connector returned a batch: normalise it, then write it (a snapshot
/// replaces exactly its scope, in one transaction; an incremental batch upserts what changed). A failed batch changes
/// nothing in the store. Scheduling, HTTP, health and the run's bookkeeping stay with the caller (Sync).
/// </summary>
internal sealed class PulledBatchIngestion(FhirNormalizer normalizer, ISlotStore store, ISlotChangeStore changeStore)
{
    /// <param name="instanceId">The connector instance: the source the records are stored under.</param>
    /// <param name="batch">A batch the connector returned without failure.</param>
    /// <param name="checkSuspiciousDrop">
    /// The snapshot guard: given the scope and the slots it now holds, the anomaly when the snapshot must not be
    /// applied, else null. Asked only for a snapshot, after normalisation.
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<PulledBatchOutcome> IngestAsync(
        string instanceId,
        ConnectorBatch batch,
        Func<SyncScope, int, CancellationToken, Task<string?>> checkSuspiciousDrop,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(checkSuspiciousDrop);

        // A publisher's answer is a fact as of some instant between the hub's asking and the answer's arrival;
        // it is dated from the asking, the earliest: a booking the hub received while the request was in flight
        // may not be in the answer, and the newest fact must win (truth.md), so the booking wins such a tie.
        NormalizedBatch normalized;
        try
        {
            normalized = normalizer.Normalize(instanceId, batch.Scope, batch.Resources, AskedAt(batch));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Safety net: the normaliser reports bad values per resource; if it still throws, only this
            // batch fails (its previous data kept) and the run goes on with the next one.
            return new PulledBatchOutcome(PulledBatchStatus.NotNormalized, [], Error: ex);
        }

        // The connector's own issues (what it skipped before normalising) are reported like the normaliser's.
        IReadOnlyList<IngestionIssue> issues = [.. batch.Issues, .. normalized.Issues];
        try
        {
            // Only a full snapshot may delete, and only it can look suspicious; an incremental batch
            // (ConnectorBatch.Changes) upserts what changed.
            if (batch.ReplacesScope && await checkSuspiciousDrop(batch.Scope, normalized.Slots.Count, cancellationToken) is { } anomaly)
            {
                return new PulledBatchOutcome(PulledBatchStatus.Suspicious, issues, Anomaly: anomaly);
            }

            var written = batch.ReplacesScope
                ? await store.ReplaceScopeAsync(instanceId, batch.Scope, normalized, cancellationToken)
                : await changeStore.UpsertChangesAsync(instanceId, normalized, cancellationToken);
            return new PulledBatchOutcome(PulledBatchStatus.Stored, issues, written);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new PulledBatchOutcome(PulledBatchStatus.NotStored, issues, Error: ex);
        }
    }

    /// <summary>When the hub asked for the batch: its arrival less the fetch's duration (retries included).</summary>
    private static DateTimeOffset AskedAt(ConnectorBatch batch) =>
        batch.Duration > TimeSpan.Zero ? batch.FetchedAt - batch.Duration : batch.FetchedAt;
}
