namespace Sas.Interop.Sync.Health;

/// <summary>Live, in-memory health of the connector instances (since start-up): what the admin listing shows.</summary>
public interface IConnectorHealth
{
    /// <summary>The instance's health; an instance never run since start-up gets an empty one (circuit <c>closed</c>).</summary>
    ConnectorHealthSnapshot Get(string instanceId);
}
