using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir;

internal static partial class SasFhirLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Instance}: batch {Batch}/{BatchCount} ({Keys} {RosterNoun}) returned {Slots} slots, {Resources} resources in {DurationMs} ms")]
    public static partial void BatchFetched(ILogger logger, string instance, int batch, int batchCount, int keys, string rosterNoun, int slots, int resources, long durationMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Instance}: batch {Batch}/{BatchCount} ({Keys} {RosterNoun}) failed after {DurationMs} ms: {Kind}: {Reason}")]
    public static partial void BatchFailed(ILogger logger, string instance, int batch, int batchCount, int keys, string rosterNoun, long durationMs, ConnectorFailureKind kind, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Instance}: the publisher answered {Outcomes} OperationOutcome entries; they were left out")]
    public static partial void OutcomeEntriesSkipped(ILogger logger, string instance, int outcomes);
}
