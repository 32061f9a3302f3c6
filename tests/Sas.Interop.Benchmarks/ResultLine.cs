using System.Globalization;
using System.Text;
using Sas.Interop.Benchmarks.Measurement;

namespace Sas.Interop.Benchmarks;

/// <summary>
/// One <c>RESULT scenario=… key=value …</c> line. A line judged against targets carries, for each judged figure,
/// <c>name=value name_target=&gt;=0.50 name_met=yes|no</c> (<see cref="Judged"/>), and ends with
/// <c>judged=name[,name…] met=yes|no</c> (yes when every judged figure met its target).
/// </summary>
internal sealed class ResultLine
{
    private readonly StringBuilder _line = new();
    private readonly List<(string Name, bool Met)> _judged = [];

    public ResultLine(string scenario, BenchmarkSettings settings)
    {
        _line.Append("RESULT scenario=").Append(scenario);
        Add("size", settings.SizeLabel);
        if (settings.Quick)
        {
            Add("quick", "true");
        }
    }

    public ResultLine Add(string key, string value)
    {
        _line.Append(' ').Append(key).Append('=').Append(value.Replace(' ', '_'));
        return this;
    }

    public ResultLine Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public ResultLine Add(string key, double value, string format = "F1") =>
        Add(key, double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>
    /// A figure judged against its target: ratios measured in the same run (absolute figures do not compare across
    /// shared machines). NaN (not measured) never meets its target.
    /// </summary>
    public ResultLine Judged(string name, double value, double target, bool higherIsBetter, string format = "F2")
    {
        var met = !double.IsNaN(value) && (higherIsBetter ? value >= target : value <= target);
        _judged.Add((name, met));
        return Add(name, value, format)
            .Add(name + "_target", (higherIsBetter ? ">=" : "<=") + target.ToString(format, CultureInfo.InvariantCulture))
            .Add(name + "_met", met ? "yes" : "no");
    }

    public ResultLine Latency(string prefix, LatencyStats stats) => Add(prefix + "p50_ms", stats.P50, "F2")
        .Add(prefix + "p99_ms", stats.P99, "F2")
        .Add(prefix + "p999_ms", stats.P999, "F2");

    public ResultLine Memory(MemoryFigures memory) => Add("peak_ws_mb", memory.PeakWorkingSetBytes / 1048576.0, "F0")
        .Add("peak_gc_heap_mb", memory.PeakGcHeapBytes / 1048576.0, "F0")
        .Add("allocated_mb", memory.AllocatedBytes / 1048576.0, "F0")
        .Add("gen2", memory.Gen2Collections);

    /// <summary>Prints the line, ending with the 1-minute load average: other work on the machine skews every figure.</summary>
    public void Print()
    {
        if (_judged.Count > 0)
        {
            Add("judged", string.Join(',', _judged.Select(j => j.Name)));
            Add("met", _judged.TrueForAll(j => j.Met) ? "yes" : "no");
        }

        const string LoadAverage = "/proc/loadavg";
        if (File.Exists(LoadAverage))
        {
            Add("loadavg", File.ReadAllText(LoadAverage).Split(' ')[0]);
        }

        Console.Out.WriteLine(_line.ToString());
    }
}
