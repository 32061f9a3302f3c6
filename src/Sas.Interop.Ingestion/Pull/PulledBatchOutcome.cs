using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Ingestion.Pull;

/// <param name="Status">What became of the batch.</param>
/// <param name="Issues">The connector's own issues (what it skipped before normalising), then the normaliser's.</param>
/// <param name="Written">What the store did, when <see cref="PulledBatchStatus.Stored"/>.</param>
/// <param name="Anomaly">Why a <see cref="PulledBatchStatus.Suspicious"/> snapshot was not applied.</param>
/// <param name="Error">What failed, for <see cref="PulledBatchStatus.NotNormalized"/> and <see cref="PulledBatchStatus.NotStored"/>.</param>
internal sealed record PulledBatchOutcome(
    PulledBatchStatus Status,
    IReadOnlyList<IngestionIssue> Issues,
    ScopeReplaceResult? Written = null,
    string? Anomaly = null,
    Exception? Error = null);
