using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SmartScheduling;

internal sealed class SmartSchedulingFetchException(ConnectorFailureKind kind, string message) : Exception(message)
{
    public ConnectorFailureKind Kind { get; } = kind;
}
