using System.Diagnostics;
using Sas.Interop.Benchmarks;
using Sas.Interop.Benchmarks.Scenarios;

BenchmarkSettings settings;
try
{
    settings = BenchmarkSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

#if DEBUG
Report.Progress("WARNING: Debug build; figures are only meaningful with -c Release.");
#endif

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var total = Stopwatch.StartNew();
Report.Progress($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, size {settings.SizeLabel} ({settings.StoreSlots:N0} slots), {settings.Clients} clients, {settings.LoadDuration.TotalSeconds:F0} s per load phase");
foreach (var scenario in settings.Scenarios)
{
    var watch = Stopwatch.StartNew();
    Report.Progress($"--- {scenario}");
    var run = scenario switch
    {
        "search" => SearchScenario.RunAsync(settings, whileIngesting: false, cancellation.Token),
        "search-ingesting" => SearchScenario.RunAsync(settings, whileIngesting: true, cancellation.Token),
        "ingest" => IngestScenario.RunAsync(settings, cancellation.Token),
        "sync-visibility" => SyncVisibilityScenario.RunAsync(settings, cancellation.Token),
        "push-visibility" => PushVisibilityScenario.RunAsync(settings, cancellation.Token),
        "fanout-baseline" => FanoutBaselineScenario.RunAsync(settings, cancellation.Token),
        "search-production" => SearchProductionScenario.RunAsync(settings, cancellation.Token),
        "search-scaling" => SearchScalingScenario.RunAsync(settings, cancellation.Token),
        "compression" => CompressionScenario.RunAsync(settings, cancellation.Token),
        _ => throw new InvalidOperationException($"No runner for scenario '{scenario}'."),
    };
    await run;
    Report.Progress($"{scenario} took {watch.Elapsed.TotalSeconds:F1} s");
}

Report.Progress($"total {total.Elapsed.TotalSeconds:F1} s");
return 0;
