using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Sas.Interop.Host.Tests;

/// <summary>OpenTelemetry traces leave the hub over OTLP only when an endpoint is configured.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class TracingExportTests
{
    private const string QueryMarker = "query-marker-4417";

    [Test]
    public async Task With_an_OTLP_endpoint_a_FHIR_request_is_exported_under_the_callers_trace_id()
    {
        using var collector = OtlpReceiver.Start();
        await using var hub = await RunningHub.StartAsync(new Dictionary<string, string>
        {
            ["Telemetry:Otlp:Endpoint"] = collector.BaseUrl,

            // The SDK's batch delay, read from configuration: exports follow the request quickly.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"fhir/metadata?{QueryMarker}=1");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        // The test's own HttpClient is in the hub's process: without a propagator it sends the traceparent above
        // rather than one of its own client span.
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(hub.BaseUrl) };
        Assert.That((await caller.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var traceIdBytes = Convert.FromHexString(traceId.ToHexString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!collector.Exports.Any(e => e.Body.AsSpan().IndexOf(traceIdBytes) >= 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That(collector.Exports.Any(e => e.Body.AsSpan().IndexOf(traceIdBytes) >= 0), $"an export carrying trace {traceId} (exports so far: {collector.Exports.Count})");
        Assert.That(collector.Exports.Select(e => e.ContentType), Has.All.EqualTo("application/x-protobuf"));

        // Server spans only: this test's own HttpClient, in the hub's process, is traced too (its url.full is the SDK's).
        Assert.That(collector.Exports.Any(e => e.Body.AsSpan().IndexOf("url.query"u8) >= 0), Is.False, $"the query ({QueryMarker}) stays out of the request spans");
    }

    [Test]
    public async Task Without_an_OTLP_endpoint_there_is_no_tracer_so_nothing_is_recorded_or_sent()
    {
        await using var hub = await RunningHub.StartAsync(new Dictionary<string, string>());

        Assert.That((await hub.Http.GetAsync("fhir/metadata")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(hub.Services.GetService<TracerProvider>(), Is.Null);
    }
}
