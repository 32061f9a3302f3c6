using System.Net;
using System.Net.Http.Headers;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Connectors.Testing.Simulation;

namespace Sas.Interop.Connectors.Testing.Tests;

/// <summary>The simulator base a connector's tests derive from: its fault queue, its request log, a hang.</summary>
public sealed class LoopbackPublisherSimulatorTests
{
    private const string Rpps = "10003456789";

    [Test]
    public async Task Faults_answer_the_next_requests_in_the_order_they_were_queued_then_the_api_answers()
    {
        await using var publisher = new AgendaPublisherSimulator(Rpps);
        await publisher.StartAsync();
        publisher.EnqueueFault(PublisherFault.ServiceUnavailable(), PublisherFault.TooManyRequests(TimeSpan.FromSeconds(2)), PublisherFault.ServerError());

        // A plain client, no pipeline: each request sees exactly one answer.
        using var http = new HttpClient { BaseAddress = publisher.BaseAddress };
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await http.GetAsync(new Uri($"practitioners/{Rpps}/slots", UriKind.Relative)));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(a => a.StatusCode), Is.EqualTo(new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.OK }));
            Assert.That(answers[1].Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(publisher.Requests.Select(r => (r.Status, r.Faulted)), Is.EqualTo(new[] { (503, true), (429, true), (500, true), (200, false) }));
            Assert.That(publisher.PendingFaults, Is.Zero);
        }

        answers.ForEach(a => a.Dispose());
    }

    [Test]
    public async Task The_request_log_holds_each_request_with_its_method_path_query_authorization_and_answer()
    {
        await using var publisher = new AgendaPublisherSimulator(Rpps);
        await publisher.StartAsync();
        using var http = new HttpClient { BaseAddress = publisher.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token-1");

        (await http.GetAsync(new Uri($"practitioners/{Rpps}/slots?from=2026-12-07", UriKind.Relative))).Dispose();
        (await http.GetAsync(new Uri("practitioners/10009999999/slots", UriKind.Relative))).Dispose();

        var requests = publisher.Requests;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[0] with { ReceivedAt = default }, Is.EqualTo(new RecordedPublisherRequest(default, "GET", $"/practitioners/{Rpps}/slots?from=2026-12-07", "Bearer token-1", 200, false)));
            Assert.That(requests[1] with { ReceivedAt = default }, Is.EqualTo(new RecordedPublisherRequest(default, "GET", "/practitioners/10009999999/slots", "Bearer token-1", 404, false)));
            Assert.That(requests[1].ReceivedAt, Is.GreaterThanOrEqualTo(requests[0].ReceivedAt), "arrival order");
        }
    }

    [Test]
    public async Task A_hang_is_cut_by_the_hub_clients_attempt_timeout_and_classified_Timeout()
    {
        await using var publisher = new AgendaPublisherSimulator(Rpps);
        await publisher.StartAsync();
        publisher.EnqueueFault(PublisherFault.Hang(TimeSpan.FromMinutes(5)));
        using var http = ConnectorConformance.HubHttpClient("recipe", publisher.BaseAddress, new Dictionary<string, string?>
        {
            ["Resilience:AttemptTimeout"] = "00:00:01",
            ["Resilience:MaxRetryAttempts"] = "0",
        });

        var run = await ConnectorConformance.RunAsync(new RecipeConnector(http, ["8" + Rpps], TimeProvider.System), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Failures.Select(f => f.Failure!.Kind), Is.EqualTo(new[] { ConnectorFailureKind.Timeout }));
            Assert.That(publisher.PendingFaults, Is.Zero, "the hang was the answer to that request");
        }
    }
}
