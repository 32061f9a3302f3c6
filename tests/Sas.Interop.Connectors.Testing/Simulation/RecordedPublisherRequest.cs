namespace Sas.Interop.Connectors.Testing.Simulation;

/// <summary>A request a <see cref="LoopbackPublisherSimulator"/> received, and the status it answered.</summary>
public sealed record RecordedPublisherRequest(DateTimeOffset ReceivedAt, string Method, string PathAndQuery, string? Authorization, int Status, bool Faulted);
