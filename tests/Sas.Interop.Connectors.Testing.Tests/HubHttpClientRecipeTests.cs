using NUnit.Framework.Internal;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Connectors.Testing.Simulation;

namespace Sas.Interop.Connectors.Testing.Tests;

/// <summary>
/// The 429 / Retry-After / 503 recipe of connectors/README.md, through the hub's real client: the pipeline retries
/// and honours Retry-After, the connector classifies what is left.
/// </summary>
public sealed class HubHttpClientRecipeTests
{
    private const string Rpps = "10003456789";
    private const string Key = "8" + Rpps;
    private static readonly DateTimeOffset From = DateTimeOffset.UtcNow;

    // The hub's defaults but a 10 ms first retry delay: a retry that ignored Retry-After would come ~1 s early.
    private static readonly Dictionary<string, string?> QuickRetries = new()
    {
        ["Resilience:RetryBaseDelay"] = "00:00:00.01",
        ["Resilience:MaxRetryAttempts"] = "2",
    };

    private AgendaPublisherSimulator _publisher = null!;

    [SetUp]
    public async Task SetUp()
    {
        _publisher = new AgendaPublisherSimulator(Rpps);
        await _publisher.StartAsync();
    }

    [TearDown]
    public async Task TearDown() => await _publisher.DisposeAsync();

    [Test]
    public async Task A_429_with_Retry_After_is_retried_no_earlier_than_the_publisher_asked()
    {
        _publisher.EnqueueFault(PublisherFault.TooManyRequests(TimeSpan.FromSeconds(1)));
        using var http = ConnectorConformance.HubHttpClient("recipe", _publisher.BaseAddress, QuickRetries);

        var run = await ConnectorConformance.RunAsync(new RecipeConnector(http, [Key], TimeProvider.System), From, From.AddHours(24));

        var requests = _publisher.Requests;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests.Select(r => r.Status), Is.EqualTo(new[] { 429, 200 }));
            Assert.That(run.Failures, Is.Empty, "the retry succeeded: the connector never saw the 429");

            // A lower bound only; the slack is the clocks' and timers' granularity, far below the 10 ms base delay's ~1 s.
            Assert.That(requests[1].ReceivedAt - requests[0].ReceivedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(15)), "the retry waited for Retry-After");
        }
    }

    [Test]
    public async Task A_503_is_retried_and_the_call_then_succeeds()
    {
        _publisher.EnqueueFault(PublisherFault.ServiceUnavailable());
        using var http = ConnectorConformance.HubHttpClient("recipe", _publisher.BaseAddress, QuickRetries);

        var run = await ConnectorConformance.RunAsync(new RecipeConnector(http, [Key], TimeProvider.System), From, From.AddHours(24));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_publisher.Requests.Select(r => (r.Status, r.Faulted)), Is.EqualTo(new[] { (503, true), (200, false) }));
            Assert.That(run.Failures, Is.Empty);
        }

        ConnectorConformance.AssertConforms(run, [Key], expectSlots: false);
    }

    [Test]
    public async Task A_429_that_outlasts_the_retries_reaches_the_connector_which_classifies_it_RateLimited()
    {
        _publisher.EnqueueFault(PublisherFault.TooManyRequests(TimeSpan.FromSeconds(1)), PublisherFault.TooManyRequests(TimeSpan.FromSeconds(1)));
        using var http = ConnectorConformance.HubHttpClient("recipe", _publisher.BaseAddress, new Dictionary<string, string?> { ["Resilience:MaxRetryAttempts"] = "1" });

        var run = await ConnectorConformance.RunAsync(new RecipeConnector(http, [Key], TimeProvider.System), From, From.AddHours(24));

        var failure = run.Failures.Single().Failure!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_publisher.Requests.Select(r => r.Status), Is.EqualTo(new[] { 429, 429 }), "one call, one retry");
            Assert.That(failure.Kind, Is.EqualTo(ConnectorFailureKind.RateLimited));
            Assert.That(failure.Message, Does.Contain("429").And.Contain($"practitioners/{Rpps}/slots"));
        }
    }

    [Test]
    public async Task A_server_error_that_outlasts_the_retries_is_an_HttpStatus_failure_of_that_practitioner_alone()
    {
        const string Other = "10003456790";
        await using var publisher = new AgendaPublisherSimulator(Rpps, Other);
        await publisher.StartAsync();
        publisher.EnqueueFault(PublisherFault.ServerError(), PublisherFault.ServerError(), PublisherFault.ServerError());
        using var http = ConnectorConformance.HubHttpClient("recipe", publisher.BaseAddress, QuickRetries);

        var run = await ConnectorConformance.RunAsync(new RecipeConnector(http, [Key, "8" + Other], TimeProvider.System), From, From.AddHours(24));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Batches.Select(b => (b.Scope.Keys.Single(), b.Failure?.Kind)), Is.EqualTo(new[] { (Key, (ConnectorFailureKind?)ConnectorFailureKind.HttpStatus), ("8" + Other, null) }));
            Assert.That(run.Failures.Single().Failure!.Message, Does.StartWith("HTTP 500"));
        }
    }

    [Test]
    public async Task A_404_is_an_empty_successful_batch_for_that_practitioner_not_a_failure()
    {
        const string Unknown = "810009999999";
        using var http = ConnectorConformance.HubHttpClient("recipe", _publisher.BaseAddress);

        var run = await ConnectorConformance.RunAsync(new RecipeConnector(http, [Key, Unknown], TimeProvider.System), From, From.AddHours(24));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_publisher.Requests.Select(r => r.Status), Is.EqualTo(new[] { 200, 404 }));
            Assert.That(run.Batches.Select(b => (b.Scope.Keys.Single(), b.Succeeded, b.Resources.Count)), Is.EqualTo(new[] { (Key, true, 0), (Unknown, true, 0) }));
        }
    }

    [Test]
    public void Settings_the_hub_would_refuse_fail_with_the_hubs_own_message()
    {
        var refused = new Dictionary<string, string?>
        {
            ["Resilience:AttemptTimeout"] = "00:01:00",
            ["Resilience:TotalTimeout"] = "00:00:10",
        };

        string? failure;
        using (new TestExecutionContext.IsolatedContext())
        {
            // The kit's failure is the expected outcome: the isolated context keeps it out of this test's result.
            failure = Assert.Throws<AssertionException>(() => ConnectorConformance.HubHttpClient("recipe", _publisher.BaseAddress, refused).Dispose())?.Message;
        }

        Assert.That(failure, Does.Contain("Connectors:recipe:Resilience:TotalTimeout (00:00:10) must be at least Resilience:AttemptTimeout (00:01:00)."));
    }
}
