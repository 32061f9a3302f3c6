namespace Sas.Interop.Core.Statistics;

/// <summary>What one source instance holds in the store.</summary>
public sealed record SourceHoldings(string SourceInstance, int Slots, int Practitioners, DateTimeOffset? OldestSlotFetchedAt);
