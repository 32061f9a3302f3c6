using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// Where a search's time goes, without HTTP: the facade's own steps run in-process on one thread, each timed
/// with a Stopwatch (parse the query → store query and row mapping → build the Bundle → serialize it).
/// </summary>
internal static class SearchBreakdown
{
    public static async Task<string> MeasureAsync(IServiceProvider services, IReadOnlyList<string> paths, int requests, CancellationToken cancellationToken)
    {
        var parser = services.GetRequiredService<SlotSearchParser>();
        var store = services.GetRequiredService<ISlotStore>();
        var builder = services.GetRequiredService<SlotBundleBuilder>();
        double parse = 0, query = 0, bundle = 0, serialize = 0;
        long slots = 0;
        for (var i = 0; i < requests; i++)
        {
            var path = paths[i % paths.Count];
            var started = Stopwatch.GetTimestamp();
            var parameters = QueryHelpers.ParseQuery(path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..])
                .SelectMany(p => p.Value.Select(v => new QueryParameter(p.Key, v ?? string.Empty)))
                .ToList();
            var request = parser.Parse(parameters);
            var parsed = Stopwatch.GetTimestamp();
            var result = await store.SearchAsync(request.Criteria, cancellationToken);
            var queried = Stopwatch.GetTimestamp();
            var searchset = builder.Build(result, request, "http://127.0.0.1/fhir", "http://127.0.0.1/" + path);
            var built = Stopwatch.GetTimestamp();
            _ = FhirJson.Serialize(searchset);
            var serialized = Stopwatch.GetTimestamp();

            parse += Stopwatch.GetElapsedTime(started, parsed).TotalMilliseconds;
            query += Stopwatch.GetElapsedTime(parsed, queried).TotalMilliseconds;
            bundle += Stopwatch.GetElapsedTime(queried, built).TotalMilliseconds;
            serialize += Stopwatch.GetElapsedTime(built, serialized).TotalMilliseconds;
            slots += result.Slots.Count;
        }

        return FormattableString.Invariant(
            $"breakdown (1 thread, mean of {requests}, {slots / (double)requests:F0} slots/answer): parse {parse / requests:F3} ms, store query+mapping {query / requests:F3} ms, bundle build {bundle / requests:F3} ms, serialize {serialize / requests:F3} ms");
    }
}
