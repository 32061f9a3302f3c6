namespace Sas.Interop.Benchmarks.Data;

/// <summary>
/// Deterministic publisher latency for the fan-out baseline: uniform between the bounds, and a fraction of
/// searches that never answer in time. Depends only on the seed and the search number; switched on and off
/// so the hub's own syncs (before measuring) are not slowed.
/// </summary>
internal sealed class PublisherLatencyProfile(int seed, TimeSpan min, TimeSpan max, double timeoutFraction, TimeSpan timeoutDelay)
{
    private volatile bool _enabled;

    public void Enable() => _enabled = true;

    public TimeSpan? DelayOf(int searchNumber)
    {
        if (!_enabled)
        {
            return null;
        }

        var random = new Random(HashCode.Combine(seed, searchNumber));
        return random.NextDouble() < timeoutFraction
            ? timeoutDelay
            : min + ((max - min) * random.NextDouble());
    }
}
