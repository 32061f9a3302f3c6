namespace Sas.Interop.Sync.Configuration;

/// <summary>Hub-wide sync and freshness settings (<c>Sync</c>).</summary>
public sealed class SyncOptions
{
    /// <summary>
    /// Slots fetched longer ago are served flagged stale (<c>meta.tag</c>). 30 min: six missed 5-minute syncs, past
    /// any retry, breaker pause or a one-off slow run, so the flag means "this publisher is down", not "jitter".
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Slots fetched longer ago are no longer served (kept, and served again once the publisher recovers).</summary>
    public TimeSpan WithholdAfter { get; set; } = TimeSpan.FromHours(24);

    public SuspiciousDropOptions SuspiciousDrop { get; set; } = new();

    internal IEnumerable<string> Validate()
    {
        if (StaleAfter <= TimeSpan.Zero)
        {
            yield return "Sync:StaleAfter must be positive.";
        }

        if (WithholdAfter <= StaleAfter)
        {
            yield return $"Sync:WithholdAfter ({WithholdAfter}) must be longer than Sync:StaleAfter ({StaleAfter}).";
        }

        if (SuspiciousDrop.MinPrevious < 1)
        {
            yield return "Sync:SuspiciousDrop:MinPrevious must be at least 1.";
        }

        if (SuspiciousDrop.Ratio is < 0 or > 1)
        {
            yield return "Sync:SuspiciousDrop:Ratio must be in [0, 1].";
        }

        if (SuspiciousDrop.AcceptAfter is < 1 or > 100)
        {
            yield return "Sync:SuspiciousDrop:AcceptAfter must be between 1 and 100.";
        }
    }
}
