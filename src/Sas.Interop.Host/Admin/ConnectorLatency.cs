namespace Sas.Interop.Host.Admin;

/// <summary>Recent fetch latency of one instance; <see cref="Circuit"/> is the breaker state the last batch met.</summary>
internal sealed record ConnectorLatency(double P50Ms, double P95Ms, int Samples, string? Circuit);
