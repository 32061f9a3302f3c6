namespace Sas.Interop.Benchmarks.Measurement;

/// <summary>What one load phase measured; latencies of successful requests only.</summary>
internal sealed record LoadResult(int Requests, int Errors, TimeSpan Elapsed, LatencyStats Latency, long TotalBytes, string? FirstError)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double BytesPerResponse => Requests - Errors == 0 ? 0 : TotalBytes / (double)(Requests - Errors);
}
