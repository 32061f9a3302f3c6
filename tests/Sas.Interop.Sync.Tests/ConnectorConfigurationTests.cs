using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Runs;
using Sas.Interop.Sync.Jobs;

namespace Sas.Interop.Sync.Tests;

public sealed class ConnectorConfigurationTests
{
    [Test]
    public void Every_problem_is_reported_at_once_with_its_instance()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:Bad_Id:Type"] = "scripted",
            ["Connectors:no-url:Type"] = "scripted",
            ["Connectors:bad-schedule:Type"] = "scripted",
            ["Connectors:bad-schedule:BaseUrl"] = "http://127.0.0.1:1/fhir",
            ["Connectors:bad-schedule:Schedule"] = "every five minutes",
            ["Connectors:unknown-type:Type"] = "carrier-pigeon",
            ["Connectors:unknown-type:BaseUrl"] = "http://127.0.0.1:1/fhir",
            ["Connectors:ftp:Type"] = "scripted",
            ["Connectors:ftp:BaseUrl"] = "ftp://publisher.example/",
            ["Connectors:window:Type"] = "scripted",
            ["Connectors:window:BaseUrl"] = "http://127.0.0.1:1/",
            ["Connectors:window:WindowHours"] = "0",
            ["Connectors:timeouts:Type"] = "scripted",
            ["Connectors:timeouts:BaseUrl"] = "http://127.0.0.1:1/",
            ["Connectors:timeouts:Resilience:AttemptTimeout"] = "00:01:00",
            ["Connectors:timeouts:Resilience:TotalTimeout"] = "00:00:10",
        };

        var ex = Assert.Throws<ConnectorConfigurationException>(() => Build(settings).ValidateConnectors());

        Assert.That(ex!.Problems, Has.Some.Contains("Connectors:Bad_Id").And.Contains("invalid"));
        Assert.That(ex.Problems, Has.Some.Contains("Connectors:no-url:BaseUrl is missing"));
        Assert.That(ex.Problems, Has.Some.Contains("Connectors:bad-schedule").And.Contains("every five minutes"));
        Assert.That(ex.Problems, Has.Some.Contains("'carrier-pigeon' is unknown").And.Contains("scripted"));
        Assert.That(ex.Problems, Has.Some.Contains("ftp://publisher.example/").And.Contains("http(s)"));
        Assert.That(ex.Problems, Has.Some.Contains("Connectors:window:WindowHours"));
        Assert.That(ex.Problems, Has.Some.Contains("TotalTimeout"));
        Assert.That(ex.Message, Does.Contain(Environment.NewLine + "  - "), "one readable line per problem");
    }

    [Test]
    public void Connector_specific_problems_are_reported_with_the_instance_prefix()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:pub:Type"] = "scripted",
            ["Connectors:pub:BaseUrl"] = "http://127.0.0.1:1/",
            ["Connectors:pub:Reject"] = "true",
        };

        var ex = Assert.Throws<ConnectorConfigurationException>(() => Build(settings).ValidateConnectors());

        Assert.That(ex!.Problems, Is.EqualTo(new[] { "Connectors:pub: Reject is set" }));
    }

    [Test]
    public void Valid_instances_expose_schedule_window_and_a_base_address_with_a_trailing_slash()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:pub:Type"] = "scripted",
            ["Connectors:pub:BaseUrl"] = "http://127.0.0.1:1/fhir",
            ["Connectors:pub:Schedule"] = "0 0/5 * * * ?",
            ["Connectors:other:Type"] = "SCRIPTED",
            ["Connectors:other:BaseUrl"] = "https://publisher.example/api/",
        };

        var catalog = Build(settings).GetRequiredService<ConnectorCatalog>();

        Assert.That(catalog.Instances.Select(i => i.Id), Is.EqualTo(new[] { "other", "pub" }));
        var pub = catalog.Find("pub")!;
        Assert.Multiple(() =>
        {
            Assert.That(pub.BaseAddress.ToString(), Is.EqualTo("http://127.0.0.1:1/fhir/"));
            Assert.That(pub.ScheduleDescription, Is.EqualTo("cron '0 0/5 * * * ?'"));
            Assert.That(pub.Options.WindowHours, Is.EqualTo(72));
        });
    }

    [Test]
    public async Task A_manual_instance_gets_no_trigger_while_an_interval_one_syncs_at_start()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:onboarding:Type"] = "scripted",
            ["Connectors:onboarding:BaseUrl"] = "http://127.0.0.1:1/",
            ["Connectors:onboarding:Schedule"] = "Manual",
            ["Connectors:live:Type"] = "scripted",
            ["Connectors:live:BaseUrl"] = "http://127.0.0.1:1/",
            ["Connectors:live:Schedule"] = "00:05:00",
        };

        await using var services = Build(settings);
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var manualTriggers = await scheduler.GetTriggersOfJob(new JobKey("onboarding", ConnectorSyncJob.Group));
        var liveTriggers = await scheduler.GetTriggersOfJob(new JobKey("live", ConnectorSyncJob.Group));
        Assert.Multiple(async () =>
        {
            Assert.That(manualTriggers, Is.Empty, "an admin request is the only way a manual instance syncs");
            Assert.That(await scheduler.Exists(new JobKey("onboarding", ConnectorSyncJob.Group)), Is.True, "the job is stored so an admin can run it");
            Assert.That(liveTriggers, Has.Count.EqualTo(1));
            Assert.That(services.GetRequiredService<ConnectorCatalog>().Find("onboarding")!.ScheduleDescription, Does.StartWith("manual"));
        });
    }

    [Test]
    public void A_hub_without_connectors_starts_with_an_empty_catalog()
    {
        var catalog = Build([]).GetRequiredService<ConnectorCatalog>();

        Assert.That(catalog.Instances, Is.Empty);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSasInteropSync(configuration)
            .AddConnectorType<ScriptedConnectorType>()
            .BuildServiceProvider();
    }
}
