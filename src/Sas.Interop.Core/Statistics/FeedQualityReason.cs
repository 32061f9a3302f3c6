using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Statistics;

/// <summary>One reason of a feed-quality report: exact counts, a bounded list of examples.</summary>
public sealed record FeedQualityReason(string Reason, int Rejected, int KeptWithFix, IReadOnlyList<IngestionIssue> Examples);
