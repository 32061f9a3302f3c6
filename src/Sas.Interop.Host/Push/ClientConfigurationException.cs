namespace Sas.Interop.Host.Push;

/// <summary>Publisher or consumer configuration the hub cannot start with; every problem listed, one per line.</summary>
public sealed class ClientConfigurationException : InvalidOperationException
{
    public ClientConfigurationException(string what, IReadOnlyList<string> problems)
        : base($"Invalid {what} configuration:" + Environment.NewLine + string.Join(Environment.NewLine, (problems ?? []).Select(p => "  - " + p)))
    {
        Problems = problems ?? [];
    }

    public ClientConfigurationException()
        : this("client", [])
    {
    }

    public ClientConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public ClientConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
