namespace Sas.Interop.Store.Entities;

/// <summary>The last feed-quality report of one instance, as JSON (bounded by its examples cap).</summary>
internal sealed class FeedQualityReportRow
{
    public required string InstanceId { get; set; }

    public DateTime RunAtUtc { get; set; }

    public string ReportJson { get; set; } = "{}";
}
