using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>A publisher answer the connector cannot use, already classified for the batch result.</summary>
internal sealed class SasFhirFetchException : Exception
{
    public SasFhirFetchException(ConnectorFailureKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public SasFhirFetchException()
    {
    }

    public SasFhirFetchException(string message)
        : base(message)
    {
    }

    public SasFhirFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConnectorFailureKind Kind { get; } = ConnectorFailureKind.Other;
}
