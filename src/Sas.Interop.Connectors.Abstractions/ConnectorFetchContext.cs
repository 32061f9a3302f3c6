namespace Sas.Interop.Connectors.Abstractions;

/// <summary>Arguments of one fetch. A class rather than parameters so fields can be added compatibly.</summary>
public sealed class ConnectorFetchContext
{
    public required string InstanceId { get; init; }

    /// <summary>Inclusive start of the rolling window to fetch.</summary>
    public required DateTimeOffset WindowStart { get; init; }

    /// <summary>Inclusive end of the rolling window to fetch.</summary>
    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>
    /// The keys to fetch on this run, prefixed, as the hub's roster holds them (the database's, which configuration only
    /// seeds and an operator's upload extends); null when the hub keeps no roster for the instance: then the keys of the
    /// instance's own settings.
    /// </summary>
    public IReadOnlyList<string>? Roster { get; init; }
}
