using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>What the hub hands a <see cref="ConnectorType"/> to build one instance.</summary>
public sealed class ConnectorCreationContext
{
    public required string InstanceId { get; init; }

    /// <summary>The instance's configuration section (<c>Connectors:&lt;instanceId&gt;</c>).</summary>
    public required IConfigurationSection Configuration { get; init; }

    /// <summary>
    /// An HTTP client of this instance alone: <c>BaseAddress</c> set from <c>BaseUrl</c>, and the instance's
    /// resilience pipeline (timeouts, retries honouring Retry-After, circuit breaker) already attached.
    /// </summary>
    public required HttpClient HttpClient { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public required TimeProvider TimeProvider { get; init; }
}
