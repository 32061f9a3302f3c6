using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serilog.Events;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>One log line per request (route, status, caller, trace) and a 500 whose trace id the log carries.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed partial class RequestLogTests
{
    private const string ConsumerKey = "sas-consumer-key-5c0d";
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task A_500_shows_a_W3C_trace_id_that_the_error_line_and_the_request_line_carry()
    {
        var log = new CapturedLog();
        await using var hub = await RunningHub.StartAsync(
            PushClient.Settings(new() { ["Consumers:sas:ApiKeys:0"] = ConsumerKey }),
            services =>
            {
                log.Register(services);
                FailingSlotSearch.Replace(services);
            });
        using var consumer = new PushClient(hub, ConsumerKey);

        var outcome = await FhirAssert.ReadOutcomeAsync(await consumer.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.InternalServerError);

        var shown = TraceIdInOutcome().Match(outcome.Issue[0].Diagnostics);
        Assert.That(shown.Success, $"a W3C trace id (32 hex digits) in: {outcome.Issue[0].Diagnostics}");
        var traceId = shown.Groups[1].Value;
        Assert.That(outcome.Id, Is.EqualTo(traceId));

        var error = await log.WaitForAsync(e => e.Exception?.Message == FailingSlotSearch.Failure, "with the exception");
        Assert.That(error.Level, Is.EqualTo(LogEventLevel.Error));
        Assert.That(CapturedLog.Scalar(error, "TraceId"), Is.EqualTo(traceId));
        Assert.That(error.RenderMessage(), Does.Contain(traceId));

        var request = await log.WaitForAsync(e => IsRequestLine(e) && CapturedLog.Scalar(e, "StatusCode") == "500", "for the 500 request");
        Assert.That(request.Level, Is.EqualTo(LogEventLevel.Error));
        Assert.That(CapturedLog.Scalar(request, "TraceId"), Is.EqualTo(traceId));
        Assert.That(request.RenderMessage(), Does.Contain(traceId));
        Assert.That(CapturedLog.Scalar(request, "RouteTemplate"), Is.EqualTo("/fhir/Slot"));
        Assert.That(CapturedLog.Scalar(request, "ClientIdentity"), Is.EqualTo("consumer:sas"));
        Assert.That(CapturedLog.Scalar(request, "SpanId"), Does.Match("^[0-9a-f]{16}$"));
    }

    [Test]
    public async Task Request_lines_name_the_route_template_and_the_caller_never_the_path_or_the_query()
    {
        const string QueryValue = "query-value-7731";
        const string PathId = "path-id-9051";
        var log = new CapturedLog();
        await using var hub = await RunningHub.StartAsync(
            PushClient.Settings(new() { ["Consumers:sas:ApiKeys:0"] = ConsumerKey, ["Serilog:MinimumLevel:Default"] = "Debug" }),
            services =>
            {
                log.Register(services);
                services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow));
            });
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var consumer = new PushClient(hub, ConsumerKey);
        using var anonymous = new PushClient(hub, apiKey: null);

        await FhirAssert.ReadAsync<Hl7.Fhir.Model.Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        await FhirAssert.ReadAsync<Hl7.Fhir.Model.Bundle>(await consumer.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        await FhirAssert.ReadOutcomeAsync(await consumer.Http.GetAsync($"fhir/Slot?unknown-parameter={QueryValue}"), HttpStatusCode.BadRequest);
        await FhirAssert.ReadOutcomeAsync(await consumer.Http.GetAsync($"fhir/Encounter/{PathId}"), HttpStatusCode.NotFound);
        await FhirAssert.ReadOutcomeAsync(await anonymous.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.Unauthorized);
        Assert.That((await hub.Http.GetAsync("admin/connectors")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.Http.GetAsync("health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await AssertLineAsync(log, "POST", "/fhir/", 200, "publisher:alpha", LogEventLevel.Information);
        await AssertLineAsync(log, "GET", "/fhir/Slot", 200, "consumer:sas", LogEventLevel.Information);
        await AssertLineAsync(log, "GET", "/fhir/Slot", 400, "consumer:sas", LogEventLevel.Information);
        await AssertLineAsync(log, "GET", "/fhir/{**path}", 404, "consumer:sas", LogEventLevel.Information);
        await AssertLineAsync(log, "GET", "/fhir/Slot", 401, "anonymous", LogEventLevel.Information);
        await AssertLineAsync(log, "GET", "/admin/connectors", 200, "admin", LogEventLevel.Information);
        await AssertLineAsync(log, "GET", "/health/live", 200, "anonymous", LogEventLevel.Debug);

        var everything = string.Join(Environment.NewLine, log.Events.Select(e => e.RenderMessage() + " " + string.Join(" ", e.Properties.Values)));
        Assert.That(everything, Does.Not.Contain(QueryValue).And.Not.Contain(PathId));
    }

    private static bool IsRequestLine(LogEvent logEvent) => CapturedLog.Scalar(logEvent, "SourceContext") == "Serilog.AspNetCore.RequestLoggingMiddleware";

    private static async Task AssertLineAsync(CapturedLog log, string method, string route, int status, string client, LogEventLevel level)
    {
        var line = await log.WaitForAsync(
            e => IsRequestLine(e) && CapturedLog.Scalar(e, "RequestMethod") == method && CapturedLog.Scalar(e, "RouteTemplate") == route && CapturedLog.Scalar(e, "StatusCode") == status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"for {method} {route} {status}");
        Assert.That(CapturedLog.Scalar(line, "ClientIdentity"), Is.EqualTo(client), line.RenderMessage());
        Assert.That(line.Level, Is.EqualTo(level), line.RenderMessage());
        Assert.That(CapturedLog.Scalar(line, "TraceId"), Does.Match("^[0-9a-f]{32}$"));
    }

    [GeneratedRegex("trace id ([0-9a-f]{32})\\.")]
    private static partial Regex TraceIdInOutcome();
}
