using System.Collections.Concurrent;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Recent batch fetch durations per instance, in memory (lost on restart, which is fine for "how is it doing
/// now"), and the circuit state as the last batch saw it.
/// </summary>
internal sealed class ConnectorLatencyTracker
{
    private const int SamplesKept = 100;

    private readonly ConcurrentDictionary<string, Recent> _byInstance = new(StringComparer.Ordinal);

    public void Record(string instanceId, IReadOnlyList<SyncBatchOutcome> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0)
        {
            return;
        }

        var recent = _byInstance.GetOrAdd(instanceId, _ => new Recent());
        lock (recent)
        {
            foreach (var batch in batches)
            {
                recent.Durations.Enqueue(batch.Duration);
                while (recent.Durations.Count > SamplesKept)
                {
                    recent.Durations.Dequeue();
                }
            }

            recent.LastCircuit = batches[^1].FailureKind == ConnectorFailureKind.CircuitOpen ? "open" : "closed";
        }
    }

    public ConnectorLatency? Get(string instanceId)
    {
        if (!_byInstance.TryGetValue(instanceId, out var recent))
        {
            return null;
        }

        lock (recent)
        {
            var sorted = recent.Durations.Select(d => d.TotalMilliseconds).Order().ToArray();
            return new ConnectorLatency(Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted.Length, recent.LastCircuit);
        }
    }

    /// <summary>Nearest-rank percentile: always one of the observed values.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);

    private sealed class Recent
    {
        public Queue<TimeSpan> Durations { get; } = new();

        public string? LastCircuit { get; set; }
    }
}
