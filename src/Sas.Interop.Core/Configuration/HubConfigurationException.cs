namespace Sas.Interop.Core.Configuration;

/// <summary>
/// Configuration, or an environment, the hub cannot start with: the message lists every problem, one per line, and the
/// hub exits with code 2 and no stack trace (Program.cs).
/// </summary>
public sealed class HubConfigurationException : Exception
{
    public HubConfigurationException(IReadOnlyList<string> problems, Exception? innerException = null)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, (problems ?? []).Select(p => "  - " + p)), innerException)
    {
        Problems = problems ?? [];
    }

    public HubConfigurationException()
        : this([])
    {
    }

    public HubConfigurationException(string message)
        : this([message])
    {
    }

    public HubConfigurationException(string message, Exception innerException)
        : this([message], innerException)
    {
    }

    public IReadOnlyList<string> Problems { get; }
}
