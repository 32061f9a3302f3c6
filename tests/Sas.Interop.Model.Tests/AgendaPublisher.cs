using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// The pulled publisher: the sample IG publisher on loopback, serving whatever the model's agenda says, with faults
/// planned per search number (the connector asks its batches one after the other, and the suite runs without retries,
/// so the n-th search after a sync starts is the n-th batch).
/// </summary>
internal sealed class AgendaPublisher : IAsyncDisposable
{
    private readonly Dictionary<int, SimulatedFault> _faults = [];
    private readonly Dictionary<int, (TaskCompletionSource Asked, SemaphoreSlim Gate)> _holds = [];
    private readonly Lock _lock = new();
    private PublisherSimulator _simulator = null!;
    private Func<int, SimulatedFault?>? _extraHook;

    public string BaseUrl => _simulator.BaseUrl;

    public int SearchCount => _simulator.SearchCount;

    public static async Task<AgendaPublisher> StartAsync()
    {
        var publisher = new AgendaPublisher();
        publisher._simulator = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Name = "model", Resources = [], Fault = publisher.FaultFor },
            CancellationToken.None);
        return publisher;
    }

    public void Serve(IEnumerable<Resource> resources) => _simulator.ReplaceResources(resources);

    /// <summary>The search that is the <paramref name="batch"/>-th (0-based) of the next sync fails this way.</summary>
    public void PlanFault(int batch, SimulatedFault fault)
    {
        lock (_lock)
        {
            _faults[SearchCount + batch + 1] = fault;
        }
    }

    /// <summary>
    /// The <paramref name="batch"/>-th search of the next sync is held: <c>Asked</c> completes when it arrives, and it is
    /// answered only once <c>Gate</c> is released (a publisher that does not answer in time).
    /// </summary>
    public (Task Asked, SemaphoreSlim Gate) PlanHold(int batch)
    {
        var hold = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new SemaphoreSlim(0));
        lock (_lock)
        {
            _holds[SearchCount + batch + 1] = hold;
        }

        return (hold.Item1.Task, hold.Item2);
    }

    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
            _holds.Clear();
        }
    }

    /// <summary>Runs before every search is answered (may block it: a publisher whose answer is held); null removes it.</summary>
    public void OnSearch(Func<int, SimulatedFault?>? hook) => _extraHook = hook;

    public ValueTask DisposeAsync() => _simulator.DisposeAsync();

    private SimulatedFault? FaultFor(int number)
    {
        if (_extraHook?.Invoke(number) is { } extra)
        {
            return extra;
        }

        (TaskCompletionSource Asked, SemaphoreSlim Gate) hold;
        lock (_lock)
        {
            if (!_holds.TryGetValue(number, out hold))
            {
                return _faults.TryGetValue(number, out var fault) ? fault : null;
            }
        }

        // Blocks this request's thread until the test releases it (bounded, so a broken test cannot hang the suite).
        hold.Asked.TrySetResult();
        hold.Gate.Wait(TimeSpan.FromMinutes(2));
        return null;
    }
}
