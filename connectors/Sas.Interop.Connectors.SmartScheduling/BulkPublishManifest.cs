namespace Sas.Interop.Connectors.SmartScheduling;

// The $bulk-publish manifest, as far as the connector reads it.
internal sealed record BulkPublishManifest(string? TransactionTime, IReadOnlyList<BulkPublishOutput>? Output);

internal sealed record BulkPublishOutput(string? Type, string? Url);
