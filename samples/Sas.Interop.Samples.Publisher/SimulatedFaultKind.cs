namespace Sas.Interop.Samples.Publisher;

/// <summary>How a simulated publisher misbehaves on one search (see <see cref="SimulatedFault"/>).</summary>
public enum SimulatedFaultKind
{
    /// <summary>Waits <see cref="SimulatedFault.Delay"/> (e.g. beyond the client's timeout), then answers normally.</summary>
    Slow,

    /// <summary>Answers <see cref="SimulatedFault.StatusCode"/> (500, 502, 503…) with an OperationOutcome.</summary>
    HttpStatus,

    /// <summary>Answers 429 with a <c>Retry-After</c> of <see cref="SimulatedFault.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>Answers 200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>Announces the full answer's length, writes half of it and drops the connection.</summary>
    TruncatedBody,

    /// <summary>Answers the searchset with profile violations: slots without start, unknown codes.</summary>
    ProfileViolation,

    /// <summary>Answers an empty searchset (total 0) whatever it holds: the suspicious snapshot.</summary>
    EmptySearchset,

    /// <summary>Answers its slots changed (booking URL) but with a <c>meta.lastUpdated</c> older than before: a replayed or out-of-order answer.</summary>
    OutOfOrder,

    /// <summary>Answers the searchset with every contained Location's position at <c>"latitude":1e30</c> (a value Firely cannot hold).</summary>
    HostilePosition,
}
