using System.Diagnostics.Metrics;

namespace Sas.Interop.Host.Metrics;

/// <summary>The hub's own instruments (meter <c>Sas.Interop</c>), exported on /metrics in Prometheus format.</summary>
internal sealed class HubMetrics
{
    public const string MeterName = "Sas.Interop";

    // Publisher fetches take up to the 45 s total timeout; store searches a few milliseconds.
    private static readonly double[] FetchBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 45];
    private static readonly double[] SearchBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 7];

    private readonly Counter<long> _syncRuns;
    private readonly Histogram<double> _fetchDuration;
    private readonly Histogram<double> _searchDuration;
    private readonly Counter<long> _slotAnswers;

    public HubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _syncRuns = meter.CreateCounter<long>("sas_interop.sync.runs", "{run}", "Connector syncs by instance and status.");
        _fetchDuration = meter.CreateHistogram(
            "sas_interop.connector.fetch.duration",
            "s",
            "Publisher fetch time of one batch, retries included, by instance and outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FetchBuckets });
        _searchDuration = meter.CreateHistogram(
            "sas_interop.fhir.search.duration",
            "s",
            "Time to answer a SAS slot search from the store, by HTTP status.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SearchBuckets });
        _slotAnswers = meter.CreateCounter<long>(
            "sas_interop.fhir.slot_answers",
            "{answer}",
            "Slot searchsets by how they were made: from the renderings stored at ingest, or by building resources (CPTS, hub-near, _pretty, rows not rendered yet).");
    }

    public void SyncRun(string instance, string status) =>
        _syncRuns.Add(1, new KeyValuePair<string, object?>("instance", instance), new KeyValuePair<string, object?>("status", status));

    public void Fetch(string instance, string outcome, TimeSpan duration) =>
        _fetchDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("instance", instance), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="from"><c>renderings</c> or <c>resources</c>.</param>
    public void SlotAnswer(string from) => _slotAnswers.Add(1, new KeyValuePair<string, object?>("from", from));

    public void Search(int statusCode, TimeSpan duration) =>
        _searchDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("status", statusCode));
}
