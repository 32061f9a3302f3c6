namespace Sas.Interop.Sync.Health;

/// <summary>The circuit states <see cref="ConnectorHealthSnapshot.Circuit"/> reports.</summary>
public static class ConnectorCircuitStates
{
    public const string Closed = "closed";
    public const string Open = "open";
    public const string HalfOpen = "half-open";
}
