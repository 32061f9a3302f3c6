using System.Net;

namespace Sas.Interop.Connectors.Testing.Simulation;

/// <summary>
/// One wrong answer a <see cref="LoopbackPublisherSimulator"/> gives instead of the real one: a status (with an optional
/// <c>Retry-After</c>, in whole seconds as publishers send it) and an optional delay before it, for timeouts.
/// </summary>
public sealed record PublisherFault(HttpStatusCode Status, TimeSpan? RetryAfter = null, TimeSpan? Delay = null)
{
    /// <summary>429 with <c>Retry-After</c>: the publisher's rate limit.</summary>
    public static PublisherFault TooManyRequests(TimeSpan retryAfter) => new(HttpStatusCode.TooManyRequests, retryAfter);

    /// <summary>503, with or without <c>Retry-After</c>: a publisher briefly down or deploying.</summary>
    public static PublisherFault ServiceUnavailable(TimeSpan? retryAfter = null) => new(HttpStatusCode.ServiceUnavailable, retryAfter);

    /// <summary>500: a publisher bug.</summary>
    public static PublisherFault ServerError() => new(HttpStatusCode.InternalServerError);

    /// <summary>The real answer withheld for <paramref name="delay"/>, then a 504 (the caller should have timed out).</summary>
    public static PublisherFault Hang(TimeSpan delay) => new(HttpStatusCode.GatewayTimeout, Delay: delay);
}
