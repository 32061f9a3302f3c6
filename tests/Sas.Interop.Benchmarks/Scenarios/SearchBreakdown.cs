using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Served;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// Where a search's time goes, without HTTP: the facade's own steps run in-process on one thread, each timed
/// with a Stopwatch. The path served by default: parse the query → store query of keys and renderings → write the
/// searchset from them. The path built from resources (CPTS, hub-near, _pretty, rows not rendered yet): store
/// query and row mapping → build the Bundle → serialize it.
/// </summary>
internal static class SearchBreakdown
{
    public static async Task<string> MeasureAsync(IServiceProvider services, IReadOnlyList<string> paths, int requests, CancellationToken cancellationToken)
    {
        var parser = services.GetRequiredService<SlotSearchParser>();
        var store = services.GetRequiredService<ISlotStore>();
        var builder = services.GetRequiredService<SlotBundleBuilder>();
        var writer = services.GetRequiredService<ServedSlotBundleWriter>();
        var output = new ArrayBufferWriter<byte>(1 << 20);
        double parse = 0, query = 0, bundle = 0, serialize = 0, servedQuery = 0, servedWrite = 0;
        long slots = 0, servedAnswers = 0;
        for (var i = 0; i < requests; i++)
        {
            var path = paths[i % paths.Count];
            var started = Stopwatch.GetTimestamp();
            var request = Parse(parser, path);
            var parsed = Stopwatch.GetTimestamp();
            var result = await store.SearchAsync(request.Criteria, cancellationToken);
            var queried = Stopwatch.GetTimestamp();
            var searchset = builder.Build(result, request, "http://127.0.0.1/fhir", "http://127.0.0.1/" + path);
            var built = Stopwatch.GetTimestamp();
            _ = FhirJson.Serialize(searchset);
            var serialized = Stopwatch.GetTimestamp();
            var served = await store.SearchServedAsync(request.Criteria, cancellationToken);
            var servedQueried = Stopwatch.GetTimestamp();
            output.ResetWrittenCount();
            if (served is not null)
            {
                writer.Write(output, served, request, "http://127.0.0.1/fhir", "http://127.0.0.1/" + path);
                servedAnswers++;
            }

            var written = Stopwatch.GetTimestamp();

            parse += Stopwatch.GetElapsedTime(started, parsed).TotalMilliseconds;
            query += Stopwatch.GetElapsedTime(parsed, queried).TotalMilliseconds;
            bundle += Stopwatch.GetElapsedTime(queried, built).TotalMilliseconds;
            serialize += Stopwatch.GetElapsedTime(built, serialized).TotalMilliseconds;
            servedQuery += Stopwatch.GetElapsedTime(serialized, servedQueried).TotalMilliseconds;
            servedWrite += Stopwatch.GetElapsedTime(servedQueried, written).TotalMilliseconds;
            slots += result.Slots.Count;
        }

        // The served path alone, as a run of searches makes it (no built answer's garbage in between).
        double aloneQuery = 0, aloneWrite = 0;
        for (var i = 0; i < requests; i++)
        {
            var path = paths[(i + requests) % paths.Count];
            var request = Parse(parser, path);
            var started = Stopwatch.GetTimestamp();
            var served = await store.SearchServedAsync(request.Criteria, cancellationToken);
            var queried = Stopwatch.GetTimestamp();
            output.ResetWrittenCount();
            if (served is not null)
            {
                writer.Write(output, served, request, "http://127.0.0.1/fhir", "http://127.0.0.1/" + path);
            }

            aloneQuery += Stopwatch.GetElapsedTime(started, queried).TotalMilliseconds;
            aloneWrite += Stopwatch.GetElapsedTime(queried).TotalMilliseconds;
        }

        return FormattableString.Invariant(
            $"breakdown (1 thread, mean of {requests}, {slots / (double)requests:F0} slots/answer): parse {parse / requests:F3} ms; served from renderings ({servedAnswers} of {requests}): store query {servedQuery / requests:F3} ms, write {servedWrite / requests:F3} ms (served searches alone: store {aloneQuery / requests:F3} ms, write {aloneWrite / requests:F3} ms); built from resources: store query+mapping {query / requests:F3} ms, bundle build {bundle / requests:F3} ms, serialize {serialize / requests:F3} ms");
    }

    private static SlotSearchRequest Parse(SlotSearchParser parser, string path) =>
        parser.Parse(QueryHelpers.ParseQuery(path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..])
            .SelectMany(p => p.Value.Select(v => new QueryParameter(p.Key, v ?? string.Empty)))
            .ToList());
}
