namespace Sas.Interop.Core.Statistics;

/// <summary>Keeps the last feed-quality report of each instance.</summary>
public interface IFeedQualityStore
{
    Task SaveAsync(FeedQualityReport report, CancellationToken cancellationToken);

    Task<FeedQualityReport?> GetAsync(string instanceId, CancellationToken cancellationToken);
}
