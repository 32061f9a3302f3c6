using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Statistics;

/// <summary>What normalisation said about one instance's last sync, grouped by reason.</summary>
public sealed record FeedQualityReport(string InstanceId, DateTimeOffset RunAt, IReadOnlyList<FeedQualityReason> Reasons)
{
    /// <summary>Examples kept per reason: enough to show a publisher the pattern, bounded so the row stays small.</summary>
    public const int MaxExamplesPerReason = 50;

    public static FeedQualityReport From(string instanceId, DateTimeOffset runAt, IEnumerable<IngestionIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var reasons = issues
            .GroupBy(i => i.Reason, StringComparer.Ordinal)
            .Select(g => new FeedQualityReason(
                g.Key,
                g.Count(i => i.Rejected),
                g.Count(i => !i.Rejected),

                // Rejections first: they are what cost the SAS slots.
                g.OrderBy(i => i.Rejected ? 0 : 1).Take(MaxExamplesPerReason).ToList()))
            .OrderByDescending(r => r.Rejected)
            .ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        return new FeedQualityReport(instanceId, runAt, reasons);
    }
}
