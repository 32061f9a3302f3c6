using System.Net;
using System.Text.Json;
using Sas.Interop.Faults.Tests;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Host.Tests;

/// <summary>The console sink an operator chooses: text by default, compact JSON by a switch, never two at once.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class ConsoleLogFormatTests
{
    [Test]
    public async Task With_the_JSON_switch_every_console_line_is_a_compact_JSON_event()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var hub = await HostProcess.StartAsync(Settings(database, new() { ["Logs:ConsoleFormat"] = "json" }));

        var requestLine = await RequestLineAsync(hub, "/fhir/metadata");

        using var request = JsonDocument.Parse(requestLine);
        Assert.That(request.RootElement.GetProperty("RouteTemplate").GetString(), Is.EqualTo("/fhir/metadata"));
        Assert.That(request.RootElement.GetProperty("TraceId").GetString(), Is.EqualTo(request.RootElement.GetProperty("@tr").GetString()));
        foreach (var line in hub.Output.Where(l => l.Length > 0))
        {
            Assert.DoesNotThrow(() => JsonDocument.Parse(line).Dispose(), line);
            Assert.That(line, Does.StartWith("{\"@t\":"));
        }
    }

    [Test]
    public async Task By_default_the_console_writes_text_lines_with_the_trace_id()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var hub = await HostProcess.StartAsync(Settings(database, []));

        var requestLine = await RequestLineAsync(hub, "/fhir/metadata");

        Assert.That(requestLine, Does.Match(@"^\[\d\d:\d\d:\d\d INF\] .*HTTP GET /fhir/metadata responded 200 in .* ms for anonymous, trace [0-9a-f]{32}$"));
    }

    [Test]
    public async Task A_configured_Serilog_WriteTo_replaces_the_built_in_console_sink_instead_of_doubling_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var hub = await HostProcess.StartAsync(Settings(database, new() { ["Serilog:WriteTo:0:Name"] = "Console" }));

        // A later line, so that a second copy of the earlier ones would have arrived too.
        await RequestLineAsync(hub, "/fhir/metadata");
        await RequestLineAsync(hub, "/admin/connectors");

        Assert.That(hub.Output.Count(l => l.Contains("Now listening on", StringComparison.Ordinal)), Is.EqualTo(1), string.Join(Environment.NewLine, hub.Output));
        Assert.That(hub.Output.Count(l => l.Contains("/fhir/metadata responded", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [TestCase("xml")]
    [TestCase("both")]
    public void An_unknown_console_format_stops_the_hub_with_a_readable_message(string format)
    {
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await RunningHub.StartAsync(new Dictionary<string, string> { ["Logs:ConsoleFormat"] = format }));

        Assert.That(error!.Message, Does.Contain("Logs:ConsoleFormat").And.Contain(format).And.Contain("json"));
    }

    [Test]
    public void Asking_for_the_built_in_console_and_configuring_Serilog_WriteTo_stops_the_hub()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await RunningHub.StartAsync(new Dictionary<string, string>
        {
            ["Logs:ConsoleFormat"] = "json",
            ["Serilog:WriteTo:0:Name"] = "Console",
        }));

        Assert.That(error!.Message, Does.Contain("Logs:ConsoleFormat").And.Contain("Serilog:WriteTo"));
    }

    private static Dictionary<string, string> Settings(TestDatabase database, Dictionary<string, string> more)
    {
        var settings = database.Settings;
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Requests <paramref name="route"/> and returns its request log line, text or JSON.</summary>
    private static async Task<string> RequestLineAsync(HostProcess hub, string route)
    {
        Assert.That((await hub.Http.GetAsync(route.TrimStart('/'))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        string? line = null;
        await hub.WaitUntilAsync(
            () => Task.FromResult((line = hub.Output.FirstOrDefault(l => l.Contains(route + " responded", StringComparison.Ordinal) || l.Contains($"\"RouteTemplate\":\"{route}\"", StringComparison.Ordinal))) is not null),
            TimeSpan.FromSeconds(30));
        return line!;
    }
}
