using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Sync.Runs;

/// <summary>A finished sync with the detail its summary leaves out.</summary>
/// <param name="Summary">What the admin API and the logs show.</param>
/// <param name="Issues">Every normalisation issue of the run's successful batches.</param>
/// <param name="Batches">Each fetched batch, in order.</param>
public sealed record SyncRunReport(SyncRunSummary Summary, IReadOnlyList<IngestionIssue> Issues, IReadOnlyList<SyncBatchOutcome> Batches);
