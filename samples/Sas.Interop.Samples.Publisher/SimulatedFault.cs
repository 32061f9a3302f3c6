namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// One fault for one search (<see cref="PublisherSimulatorOptions.Fault"/>). Deterministic: the simulator does exactly
/// this, so tests can say what the hub must have seen.
/// </summary>
public sealed record SimulatedFault(SimulatedFaultKind Kind)
{
    /// <summary>The booking-URL suffix an <see cref="SimulatedFaultKind.OutOfOrder"/> answer adds to every slot.</summary>
    public const string OutOfOrderMarker = "?replayed=1";

    /// <summary>How far back an <see cref="SimulatedFaultKind.OutOfOrder"/> answer moves <c>meta.lastUpdated</c>.</summary>
    public static readonly TimeSpan OutOfOrderAge = TimeSpan.FromDays(30);

    /// <summary>Status of an <see cref="SimulatedFaultKind.HttpStatus"/> fault.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>Wait of a <see cref="SimulatedFaultKind.Slow"/> fault.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary><c>Retry-After</c> of a <see cref="SimulatedFaultKind.RateLimited"/> fault (whole seconds on the wire).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public static SimulatedFault Slow(TimeSpan delay) => new(SimulatedFaultKind.Slow) { Delay = delay };

    public static SimulatedFault Status(int statusCode) => new(SimulatedFaultKind.HttpStatus) { StatusCode = statusCode };

    public static SimulatedFault TooManyRequests(TimeSpan retryAfter) => new(SimulatedFaultKind.RateLimited) { RetryAfter = retryAfter };

    public static SimulatedFault Of(SimulatedFaultKind kind) => new(kind);
}
