namespace Sas.Interop.Sync.Configuration;

/// <summary>Connector configuration that cannot run; the message lists every problem, one per line, by instance.</summary>
public sealed class ConnectorConfigurationException : Exception
{
    public ConnectorConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid connector configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    public ConnectorConfigurationException()
        : this([])
    {
    }

    public ConnectorConfigurationException(string message)
        : this([message])
    {
    }

    public ConnectorConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
