using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Host.Admin;

/// <summary>Exact counts for one reason and its first examples.</summary>
internal sealed record QualityReasonView(string Reason, int Rejected, int KeptWithFix, IReadOnlyList<IngestionIssue> Examples);
