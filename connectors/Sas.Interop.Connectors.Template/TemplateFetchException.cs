using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.Template;

/// <summary>An answer the connector cannot use, with the failure kind an admin sees.</summary>
internal sealed class TemplateFetchException(ConnectorFailureKind kind, string message) : Exception(message)
{
    public ConnectorFailureKind Kind { get; } = kind;
}
