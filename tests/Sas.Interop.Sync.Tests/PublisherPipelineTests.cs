using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Sync.Tests;

/// <summary>The per-instance HTTP pipeline against a raw loopback server: what a publisher actually sees.</summary>
public sealed class PublisherPipelineTests
{
    [Test]
    public async Task A_publisher_never_sees_more_than_MaxConcurrentRequests_at_once_and_queued_requests_all_complete()
    {
        await using var server = new LoopbackServer(_ => (200, null, TimeSpan.FromMilliseconds(150)));
        await using var services = Build(server.Port, ("MaxConcurrentRequests", "2"));
        using var client = Client(services);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.GetAsync(new Uri($"Slot?n={i}", UriKind.Relative))));

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Requests, Has.Count.EqualTo(8));
            Assert.That(server.MaxInFlight, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_429_with_Retry_After_is_retried_after_the_publisher_s_delay_not_the_hub_s()
    {
        // First request refused with Retry-After: 1; the base retry delay is 10 ms, so an early retry would show.
        await using var server = new LoopbackServer(n => n == 1 ? (429, "1", TimeSpan.Zero) : (200, null, TimeSpan.Zero));
        await using var services = Build(server.Port, ("RetryBaseDelay", "00:00:00.01"), ("MaxRetryAttempts", "2"));
        using var client = Client(services);

        using var answer = await client.GetAsync(new Uri("Slot", UriKind.Relative));

        var arrivals = server.Requests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(arrivals, Has.Count.EqualTo(2));
            Assert.That(arrivals[1] - arrivals[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "the retry waited for Retry-After");
        });
    }

    private static ServiceProvider Build(int port, params (string Key, string Value)[] resilience)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:pub:Type"] = "scripted",
            ["Connectors:pub:BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Connectors:pub:Resilience:AttemptTimeout"] = "00:00:05",
            ["Connectors:pub:Resilience:TotalTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in resilience)
        {
            settings[$"Connectors:pub:Resilience:{key}"] = value;
        }

        return new ServiceCollection()
            .AddLogging()
            .AddSasInteropSync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddConnectorType<ScriptedConnectorType>()
            .BuildServiceProvider();
    }

    private static HttpClient Client(ServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(services.GetRequiredService<ConnectorCatalog>().Find("pub")!.HttpClientName);
}
