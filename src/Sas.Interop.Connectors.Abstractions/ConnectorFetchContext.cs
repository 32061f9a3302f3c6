namespace Sas.Interop.Connectors.Abstractions;

/// <summary>Arguments of one fetch. A class rather than parameters so fields can be added compatibly.</summary>
public sealed class ConnectorFetchContext
{
    public required string InstanceId { get; init; }

    /// <summary>Inclusive start of the rolling window to fetch.</summary>
    public required DateTimeOffset WindowStart { get; init; }

    /// <summary>Inclusive end of the rolling window to fetch.</summary>
    public required DateTimeOffset WindowEnd { get; init; }
}
