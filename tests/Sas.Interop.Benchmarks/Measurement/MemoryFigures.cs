namespace Sas.Interop.Benchmarks.Measurement;

/// <summary>Memory seen during one scenario.</summary>
internal sealed record MemoryFigures(long PeakWorkingSetBytes, long ProcessPeakWorkingSetBytes, long PeakGcHeapBytes, long AllocatedBytes, int Gen2Collections);
