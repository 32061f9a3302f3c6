using Polly.Telemetry;

namespace Sas.Interop.Sync.Hosting;

/// <summary>
/// Severity of Polly's own events on publisher calls. The sync already logs one readable line per retry, per circuit
/// change and per failed batch; Polly's defaults would add an Error per timeout and a Warning with the full stack
/// trace per failed attempt — a hundred lines per slow publisher. Its events stay in the metrics.
/// </summary>
internal static class PublisherResilienceTelemetry
{
    public static ResilienceEventSeverity Severity(SeverityProviderArguments args) => args.Event.EventName switch
    {
        "ExecutionAttempt" => ResilienceEventSeverity.Debug,
        "OnTimeout" or "OnRetry" or "OnCircuitOpened" or "OnCircuitClosed" or "OnCircuitHalfOpened" => ResilienceEventSeverity.Information,
        _ => args.Event.Severity,
    };
}
