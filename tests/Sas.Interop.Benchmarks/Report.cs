namespace Sas.Interop.Benchmarks;

/// <summary>
/// Output: progress on stderr (prefixed <c>#</c>), and exactly one <c>RESULT</c> line per scenario on stdout,
/// <c>key=value</c> pairs so a shell can grep and compare runs.
/// </summary>
internal static class Report
{
    public static void Progress(string message) => Console.Error.WriteLine("# " + message);

    public static ResultLine Result(string scenario, BenchmarkSettings settings) => new(scenario, settings);
}
