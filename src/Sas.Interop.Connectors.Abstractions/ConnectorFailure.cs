namespace Sas.Interop.Connectors.Abstractions;

/// <summary>A failed fetch: its kind and a message an admin can act on.</summary>
public sealed record ConnectorFailure(ConnectorFailureKind Kind, string Message);
