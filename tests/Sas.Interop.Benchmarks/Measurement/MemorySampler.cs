using System.Diagnostics;

namespace Sas.Interop.Benchmarks.Measurement;

/// <summary>
/// Samples the process's working set and GC heap every 50 ms while a scenario runs (hub and load driver share
/// the process, so these are upper bounds for the hub alone).
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes();
    private readonly int _gen2AtStart = GC.CollectionCount(2);
    private long _peakWorkingSet;
    private long _peakGcHeap;

    private MemorySampler()
    {
        Sample();
        _loop = Task.Run(LoopAsync);
    }

    public static MemorySampler Start() => new();

    /// <summary>Stops sampling and returns the peaks.</summary>
    public async Task<MemoryFigures> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        using var process = Process.GetCurrentProcess();
        return new MemoryFigures(
            PeakWorkingSetBytes: Interlocked.Read(ref _peakWorkingSet),
            ProcessPeakWorkingSetBytes: process.PeakWorkingSet64,
            PeakGcHeapBytes: Interlocked.Read(ref _peakGcHeap),
            AllocatedBytes: GC.GetTotalAllocatedBytes() - _allocatedAtStart,
            Gen2Collections: GC.CollectionCount(2) - _gen2AtStart);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        Max(ref _peakWorkingSet, process.WorkingSet64);
        Max(ref _peakGcHeap, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Max(ref long peak, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, current) != current)
        {
        }
    }
}
