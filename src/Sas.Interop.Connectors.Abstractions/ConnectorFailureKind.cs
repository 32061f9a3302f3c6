namespace Sas.Interop.Connectors.Abstractions;

/// <summary>Why a batch could not be fetched; admins see these counted per instance.</summary>
public enum ConnectorFailureKind
{
    Other = 0,
    Timeout = 1,
    HttpStatus = 2,
    Network = 3,
    Malformed = 4,
    CircuitOpen = 5,
    RateLimited = 6,

    /// <summary>The publisher pointed the hub to a URL its configuration does not allow (e.g. a file host not listed).</summary>
    NotAllowed = 7,
}
