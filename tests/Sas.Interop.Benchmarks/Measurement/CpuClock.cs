using System.Diagnostics;

namespace Sas.Interop.Benchmarks.Measurement;

/// <summary>
/// CPU time used by the whole process (all threads, GC included). On a shared, loaded machine wall time mostly
/// measures the wait for a core; CPU time measures the work, so ratios of CPU times survive the noise far better.
/// </summary>
internal static class CpuClock
{
    public static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
