using Sas.Interop.Benchmarks.Measurement;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>What a background ingestion loop wrote while the searches ran.</summary>
internal sealed record IngestLoopFigures(int Batches, int Slots, TimeSpan Elapsed, LatencyStats BatchLatency);
