using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using YamlDotNet.RepresentationModel;

namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// The shipped alert rules and scrape configuration: valid for promtool, each alert unit-tested firing and quiet, and
/// every series they name really exported by a hub (a rule on a metric that does not exist never fires).
/// </summary>
public sealed class PrometheusRulesTests
{
    [Test]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var (exitCode, output) = await PromtoolAsync(PrometheusRules.Directory, "check", "rules", "alerts.yml");

        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public async Task The_alert_unit_tests_pass_under_promtool()
    {
        var (exitCode, output) = await PromtoolAsync(PrometheusRules.Directory, "test", "rules", "alerts.test.yml");

        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public async Task Promtool_accepts_the_scrape_configuration()
    {
        // The configuration reads the admin key from a file beside it, as it would in /etc/prometheus: promtool checks
        // that file exists, so the check runs on a copy with a key file.
        var folder = Directory.CreateTempSubdirectory("sas-prometheus-");
        try
        {
            foreach (var file in new[] { "prometheus.yml", "alerts.yml" })
            {
                File.Copy(PrometheusRules.PathOf(file), Path.Combine(folder.FullName, file));
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "sas-interop-admin-key"), RunningHub.AdminKey);

            var (exitCode, output) = await PromtoolAsync(folder.FullName, "check", "config", "prometheus.yml");

            Assert.That(exitCode, Is.Zero, output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void Every_alert_has_a_unit_test_that_fires_it_and_one_that_does_not()
    {
        var alerts = PrometheusRules.Rules().Select(r => r.Alert).OfType<string>().ToList();
        var cases = PrometheusRules.Sequence(PrometheusRules.Load("alerts.test.yml"), "tests")
            .SelectMany(test => PrometheusRules.Sequence(test, "alert_rule_test"))
            .Select(c => (Alert: PrometheusRules.Scalar(c, "alertname"), Fires: c.Children.TryGetValue(new YamlScalarNode("exp_alerts"), out var expected) && ((YamlSequenceNode)expected).Children.Count > 0))
            .ToList();

        Assert.That(alerts, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var alert in alerts)
            {
                Assert.That(cases, Has.Some.EqualTo((alert, true)), $"{alert}: no test where it fires");
                Assert.That(cases, Has.Some.EqualTo((alert, false)), $"{alert}: no test where it stays quiet");
            }
        });
    }

    [Test]
    public void The_node_down_rule_names_the_scrape_job_of_the_configuration()
    {
        var jobs = PrometheusRules.Sequence(PrometheusRules.Load("prometheus.yml"), "scrape_configs").Select(c => PrometheusRules.Scalar(c, "job_name")).ToList();
        var nodeDown = PrometheusRules.Rules().Single(r => r.Alert == "SasInteropNodeDown").Expr;

        Assert.That(jobs, Has.Some.Matches<string?>(job => nodeDown.Contains($"job=\"{job}\"", StringComparison.Ordinal)), nodeDown);
    }

    [Test]
    public void The_series_names_of_an_expression_are_found()
    {
        var names = PrometheusRules.SeriesNamesIn(
            "histogram_quantile(0.99, sum by (le) (rate(a_bucket{x=~\"5..\", y=\"by (z)\"}[5m]))) > on (connector) max by (connector) (b:rec) and c offset 5m");

        Assert.That(names, Is.EquivalentTo(new[] { "a_bucket", "b:rec", "c" }));
    }

    [Test]
    [Category("E2E")]
    [NonParallelizable]
    public async Task Every_series_the_rules_name_is_exported_by_a_hub_after_a_sync_and_a_search()
    {
        var rules = PrometheusRules.Rules();
        var recorded = rules.Select(r => r.Record).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var named = rules.SelectMany(r => PrometheusRules.SeriesNamesIn(r.Expr))
            .Where(name => !recorded.Contains(name) && name != "up") // up: Prometheus's own, per scrape job (checked above)
            .ToHashSet(StringComparer.Ordinal);
        Assert.That(named, Has.Count.GreaterThanOrEqualTo(6), string.Join(", ", named));

        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "rules", PractitionerCount = 3, Seed = 7, Days = 2 }, CancellationToken.None);
        var settings = RunningHub.Connector("pub", publisher.BaseUrl, publisher.PractitionerIds);
        settings["Connectors:pub:RegulatorAccounts"] = "true";
        // The webhook gauges exist only with a webhook (the discard port: nothing is ever sent in this test).
        settings["Admin:Unavailabilities:Webhook:Url"] = "http://127.0.0.1:9/unavailabilities";
        await using var hub = await RunningHub.StartAsync(settings);
        using (var sync = await hub.Http.PostAsync("admin/connectors/pub/sync", null))
        {
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());
        }

        using (var search = await hub.Http.GetAsync("fhir/Slot?" + SasQuery(publisher.PractitionerIds)))
        {
            Assert.That(search.StatusCode, Is.EqualTo(HttpStatusCode.OK), await search.Content.ReadAsStringAsync());
        }

        // The connector gauges come from a snapshot taken after the sync, in the background, and a request's duration
        // is recorded when it ends, maybe after the client has its answer: wait for both, within a bound.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        PrometheusScrape scrape;
        while (!Settled(scrape = await PrometheusScrape.GetAsync(hub.Http)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var missing = named.Where(name => !scrape.Names.Contains(name)).Order(StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, "named by alerts.yml, absent from /metrics");
            Assert.That(
                scrape.Samples.Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/fhir/Slot"),
                Is.True,
                "the 5xx rule selects /fhir routes by ASP.NET Core's http_route label");
        });
    }

    private static bool Settled(PrometheusScrape scrape) =>
        scrape.Value("sas_interop_connector_data_age_seconds", ("connector", "pub")) is not null
        && scrape.Samples.Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/fhir/Slot");

    private static string SasQuery(IEnumerable<string> ids)
    {
        static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        return $"start=ge{Iso(now)}&start=le{Iso(now.AddHours(48))}&status=free&schedule.actor:Practitioner.identifier="
            + string.Join(",", ids.Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExternalTool.Promtool())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
