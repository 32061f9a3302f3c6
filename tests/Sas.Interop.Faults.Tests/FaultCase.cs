using Sas.Interop.Samples.Publisher;
using Sas.Interop.Sync.Health;

namespace Sas.Interop.Faults.Tests;

/// <summary>One publisher fault: what the simulator does from the n-th search on, and how health must show it.</summary>
public sealed record FaultCase(string Name, Func<int, SimulatedFault?> Fault, Func<ConnectorHealthSnapshot, bool> HealthShowsIt)
{
    /// <summary>Settings that differ from the suite's (e.g. a circuit breaker that trips).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public override string ToString() => Name;
}
