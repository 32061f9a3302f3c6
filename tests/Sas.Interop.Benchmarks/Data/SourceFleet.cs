using System.Diagnostics;

namespace Sas.Interop.Benchmarks.Data;

/// <summary>
/// Many pull sources side by side, as production has them: <c>bench-src-00</c>, <c>bench-src-01</c>… each a
/// <see cref="LiveAgenda"/> over its own practitioners (their numbering follows on from the previous source's), the
/// store's groups shared out evenly. Configured in the hub as enabled <c>sas-fhir</c> instances that never run on their
/// own (<c>Schedule: manual</c>): served sources a publisher may book in, re-synced by the harness through the store.
/// </summary>
internal sealed class SourceFleet
{
    private const string InstancePrefix = "bench-src-";

    public SourceFleet(int targetSlots, int sources, DateTimeOffset anchor)
    {
        var groups = Math.Max(1, (int)Math.Round(targetSlots / (double)AgendaGenerator.SlotsPerGroup));

        // Every source holds at least one group (one sync batch): a small store has fewer sources.
        sources = Math.Clamp(sources, 1, groups);
        var first = 0;
        var agendas = new List<LiveAgenda>(sources);
        for (var k = 0; k < sources; k++)
        {
            var own = (groups / sources) + (k < groups % sources ? 1 : 0);
            var generator = new AgendaGenerator(InstanceId(k), own * AgendaGenerator.SlotsPerGroup, anchor, seed: 7 + k, firstPractitioner: first);
            first += generator.PractitionerCount;
            agendas.Add(new LiveAgenda(generator));
        }

        Sources = agendas;
        GroupCount = groups;
    }

    public IReadOnlyList<LiveAgenda> Sources { get; }

    /// <summary>Groups of 25 practitioners over all sources: one sync batch each.</summary>
    public int GroupCount { get; }

    public IEnumerable<string> NationalIds => Sources.SelectMany(s => s.Generator.NationalIds);

    public static string InstanceId(int source) => FormattableString.Invariant($"{InstancePrefix}{source:00}");

    /// <summary>
    /// The hub's <c>Connectors</c> section for the fleet: enabled, served, each with its practitioners as roster, and a
    /// <c>BaseUrl</c> nobody calls (manual schedule; the harness writes what a sync would).
    /// </summary>
    public Dictionary<string, string> ConnectorSettings()
    {
        var settings = new Dictionary<string, string>();
        foreach (var source in Sources)
        {
            foreach (var (key, value) in BenchmarkHub.Connector(source.SourceInstance, "http://127.0.0.1:9/fhir", source.Generator.NationalIds))
            {
                settings[key] = value;
            }

            settings[$"Connectors:{source.SourceInstance}:Enabled"] = "true";
            settings[$"Connectors:{source.SourceInstance}:Schedule"] = "manual";
        }

        return settings;
    }

    /// <summary>Fills the empty store with every source's agendas through <see cref="StoreLoader"/>.</summary>
    public async Task<(int Slots, TimeSpan Elapsed)> LoadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var slots = 0;
        var lastReport = TimeSpan.Zero;
        for (var k = 0; k < Sources.Count; k++)
        {
            var (loaded, _) = await StoreLoader.LoadAsync(services, Sources[k].Generator, cancellationToken);
            slots += loaded;
            if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = watch.Elapsed;
                Report.Progress($"loaded {slots:N0} slots ({k + 1}/{Sources.Count} sources) in {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        return (slots, watch.Elapsed);
    }
}
