using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The on-call gauges on /metrics against real syncs: a healthy publisher (simulator) and one that refuses every
/// connection. Each gauge must say what <c>/admin/connectors</c> says, and move when a sync changes it.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class OperationalMetricsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private PublisherSimulator _publisher = null!;
    private RunningHub _hub = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "metrics", PractitionerCount = 3, Seed = 5, Days = 2 }, CancellationToken.None);
        var settings = RunningHub.Connector("up", _publisher.BaseUrl, _publisher.PractitionerIds);
        foreach (var (key, value) in RunningHub.Connector("down", $"http://127.0.0.1:{ClosedPort()}/fhir", _publisher.PractitionerIds.Take(1)))
        {
            settings[key] = value;
        }

        settings["Connectors:down:Resilience:MaxRetryAttempts"] = "1";
        settings["Connectors:down:Resilience:RetryBaseDelay"] = "00:00:00.05";
        _hub = await RunningHub.StartAsync(settings);
        await SyncAsync("up");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task A_failing_connectors_consecutive_failures_gauge_follows_each_failed_run()
    {
        await SyncAsync("down");
        var before = await ConnectorAsync("down");
        var failures = before.GetProperty("consecutiveFailures").GetInt32();
        Assert.That(failures, Is.GreaterThanOrEqualTo(1), "the publisher refuses connections");
        await UntilAsync(s => s.Value("sas_interop_connector_consecutive_failures", ("connector", "down")) == failures, $"the gauge shows {failures} failures");

        await SyncAsync("down");

        var scrape = await UntilAsync(s => s.Value("sas_interop_connector_consecutive_failures", ("connector", "down")) == failures + 1, "the gauge moved with the next failed run");
        var after = await ConnectorAsync("down");
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(failures + 1));
            Assert.That(scrape.Value("sas_interop_connector_state", ("connector", "down")), Is.EqualTo(failures + 1 >= 3 ? 3 : 2), "degraded under 3 failures, failing from 3");
            Assert.That(scrape.Value("sas_interop_connector_slots", ("connector", "down")), Is.Zero);
            Assert.That(scrape.Value("sas_interop_connector_data_age_seconds", ("connector", "down")), Is.Null, "never fetched anything: no age to report");
        });
    }

    [Test]
    public async Task A_healthy_connectors_gauges_say_what_the_admin_listing_says()
    {
        var up = await ConnectorAsync("up");
        var slots = up.GetProperty("slotCount").GetInt32();
        Assert.That(slots, Is.GreaterThan(0));

        var scrape = await UntilAsync(s => s.Value("sas_interop_connector_slots", ("connector", "up")) == slots, "the slots gauge shows the slots held");

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value("sas_interop_connector_state", ("connector", "up")), Is.EqualTo(1), "healthy");
            Assert.That(scrape.Value("sas_interop_connector_consecutive_failures", ("connector", "up")), Is.Zero);
            Assert.That(scrape.Value("sas_interop_connector_circuit", ("connector", "up")), Is.Zero, "closed");
            Assert.That(scrape.Value("sas_interop_connector_data_age_seconds", ("connector", "up")), Is.GreaterThanOrEqualTo(0).And.LessThan(7200), "fetched by this test's syncs");
            Assert.That(up.GetProperty("allowedDataAgeSeconds").GetInt64(), Is.EqualTo(7200), "hourly schedule: two missed runs, more than Sync:StaleAfter's 30 min");
            Assert.That(scrape.Value("sas_interop_connector_data_age_allowed_seconds", ("connector", "up")), Is.EqualTo(7200));
            Assert.That(scrape.Value("sas_interop_appointments_outbox_pending"), Is.Zero);
            Assert.That(scrape.Value("sas_interop_appointments_outbox_oldest_pending_age_seconds"), Is.Zero, "nothing pending");
            Assert.That(scrape.Value("sas_interop_metrics_snapshot_age_seconds"), Is.Not.Null);
        });
    }

    [Test]
    public async Task The_built_in_meters_are_exported_beside_the_hubs_own()
    {
        await _hub.Http.GetAsync("fhir/metadata");

        // Recorded when the request ends, which may be after the client has read the answer.
        var scrape = await UntilAsync(
            scraped => scraped.Samples.Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/fhir/metadata"),
            "ASP.NET Core's request duration, by route template");

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Names, Has.Some.StartsWith("kestrel_"), "Kestrel");
            Assert.That(scrape.Names, Has.Some.StartsWith("http_client_"), "HttpClient (the sync's calls to publishers)");
            Assert.That(scrape.Names, Has.Some.StartsWith("dotnet_gc_"), "the runtime");

            // Prometheus's target_info tells which hub and version a node runs (not "unknown_service:dotnet").
            var target = scrape.Samples.SingleOrDefault(s => s.Name == "target_info");
            Assert.That(target?.Labels.GetValueOrDefault("service_name"), Is.EqualTo("sas-interop-hub"));
            Assert.That(target?.Labels.GetValueOrDefault("service_version"), Is.EqualTo(Sas.Interop.Sync.Hosting.HubVersion.Informational));
        });
    }

    [Test]
    public async Task Prometheus_can_send_the_admin_key_as_a_bearer_token()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_hub.BaseUrl) };
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "metrics");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningHub.AdminKey);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningHub.AdminKey + "x");

        using var accepted = await anonymous.SendAsync(bearer);
        using var refused = await anonymous.SendAsync(wrong);

        Assert.Multiple(() =>
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task SyncAsync(string instance)
    {
        using var response = await _hub.Http.PostAsync($"admin/connectors/{instance}/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> ConnectorAsync(string instance) =>
        (await _hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == instance);

    // The gauges read a snapshot refreshed after each sync run, in the background: wait for it, within a bound.
    private async Task<PrometheusScrape> UntilAsync(Func<PrometheusScrape, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var scrape = await PrometheusScrape.GetAsync(_hub.Http);
            if (condition(scrape))
            {
                return scrape;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {Limit.TotalSeconds} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
