using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Connectors.Testing;
using Sas.Interop.Connectors.Testing.Simulation;
using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Connectors.Template.Tests;

public sealed class TemplateConnectorTests
{
    private const string InstanceId = "template-test";

    private static readonly TemplateConnectorType Type = new();

    private static IReadOnlyList<string> Roster => [.. TemplatePublisherSimulator.Practitioners.Select(Prefixed)];

    [TestCase(false, TestName = "The kit passes with the roster given bare (RPPS, ADELI)")]
    [TestCase(true, TestName = "The kit passes with the roster given prefixed")]
    public async Task The_kit_passes(bool prefixed)
    {
        await using var publisher = await StartAsync();
        var settings = Settings(publisher, prefixed ? Roster : TemplatePublisherSimulator.Practitioners);
        using var http = new HttpClient();

        var run = await RunAsync(Create(settings, http), publisher);

        ConnectorConformance.AssertConforms(run, Roster);
        ConnectorConformance.AssertDeclaresRoster(Type, InstanceId, settings, run);
        Assert.That(run.Slots, Has.Count.EqualTo(Roster.Count * TemplatePublisherSimulator.SlotsPerPractitioner), "every page of every practitioner");
        Assert.That(run.Slots.Where(s => s.PractitionerNationalId == "0751234567").Select(s => s.Start), Is.EqualTo(publisher.SlotsOf("751234567").Select(s => s.Start)), "the ADELI's slots, prefixed with 0");
    }

    [Test]
    public async Task Slot_audiences_and_place_positions_reach_the_hub()
    {
        await using var publisher = await StartAsync();
        using var http = new HttpClient();

        var run = await RunAsync(Create(Settings(publisher, Roster), http), publisher);

        var places = run.Normalized.SelectMany(n => n.Normalized.Places).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.Slots.Where(s => s.Types == SlotTypes.Snp).Select(s => s.NativeId).Order(), Is.EqualTo(run.Slots.Select(s => s.NativeId).Where(id => TemplatePublisherSimulator.AudienceOf(id) == "sas").Order()).And.Not.Empty, "a slot kept for the SAS is typed SNP");
            Assert.That(run.Slots.Where(s => s.Types != SlotTypes.Snp).Select(s => s.Types).Distinct(), Is.EqualTo(new[] { SlotTypes.Public }), "the others are PUBLIC");
            Assert.That(places, Has.Count.EqualTo(Roster.Count));
            Assert.That(places.Select(p => p.Position?.Latitude), Is.All.EqualTo(TemplatePublisherSimulator.PlaceLatitude).Within(1e-9), "the place's position is where hub-near finds it");
        });
    }

    [Test]
    public async Task Pages_are_followed_with_the_bearer_token()
    {
        await using var publisher = await StartAsync();
        using var http = new HttpClient();

        await RunAsync(Create(Settings(publisher, ["10101234567"]), http), publisher);

        var requests = publisher.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(r => r.PathAndQuery[(r.PathAndQuery.LastIndexOf("page=", StringComparison.Ordinal) + 5)..]), Is.EqualTo(new[] { "1", "2", "3", "4" }), "36 slots, 10 per page");
            Assert.That(requests.Select(r => r.Authorization).Distinct(), Is.EqualTo(new[] { "Bearer " + TemplatePublisherSimulator.DefaultToken }));
            Assert.That(requests.Select(r => r.Status).Distinct(), Is.EqualTo(new[] { 200 }));
        });
    }

    [Test]
    public async Task An_unknown_practitioner_is_an_empty_agenda_and_the_others_are_served()
    {
        await using var publisher = await StartAsync();
        using var http = new HttpClient();
        string[] roster = ["10109999999", "10101234567"];

        var run = await RunAsync(Create(Settings(publisher, roster), http), publisher);

        var batch = run.Batches.Single();
        Assert.Multiple(() =>
        {
            Assert.That(batch.Succeeded, Is.True, "404 is not a failure: the snapshot clears what was held for them");
            Assert.That(batch.Scope.Keys, Does.Contain("810109999999"), "the unknown practitioner stays in the scope");
            Assert.That(run.Slots.Select(s => s.PractitionerNationalId).Distinct(), Is.EqualTo(new[] { "810101234567" }));
            Assert.That(publisher.Requests.Select(r => r.Status), Does.Contain(404));
        });
    }

    [Test]
    public async Task With_the_hubs_client_a_429_and_a_503_are_retried_and_the_batch_succeeds()
    {
        await using var publisher = await StartAsync();
        publisher.EnqueueFault(PublisherFault.TooManyRequests(TimeSpan.FromSeconds(1)), PublisherFault.ServiceUnavailable());

        // The HttpClient the hub gives the instance: its retries honour Retry-After, so the connector never retries.
        using var http = ConnectorConformance.HubHttpClient(InstanceId, publisher.BaseAddress, new Dictionary<string, string?>
        {
            ["Resilience:RetryBaseDelay"] = "00:00:00.010",
            ["Resilience:MaxRetryAttempts"] = "2",
        });
        var run = await RunAsync(Create(Settings(publisher, ["10101234567"]), http), publisher);

        var requests = publisher.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(run.Failures, Is.Empty, "the pipeline's retries got through");
            Assert.That(run.Slots, Has.Count.EqualTo(TemplatePublisherSimulator.SlotsPerPractitioner));
            Assert.That(requests.Take(3).Select(r => r.Status), Is.EqualTo(new[] { 429, 503, 200 }));
            Assert.That(requests[1].ReceivedAt - requests[0].ReceivedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(15)), "no earlier than Retry-After");
        });
    }

    [TestCase(429, ConnectorFailureKind.RateLimited)]
    [TestCase(503, ConnectorFailureKind.HttpStatus)]
    [TestCase(500, ConnectorFailureKind.HttpStatus)]
    public async Task A_persistent_publisher_error_fails_the_batch_classified(int status, ConnectorFailureKind kind)
    {
        await using var publisher = await StartAsync();

        // Enough for every attempt a retrying client would make: the error persists.
        for (var i = 0; i < 10; i++)
        {
            publisher.EnqueueFault(status switch
            {
                429 => PublisherFault.TooManyRequests(TimeSpan.FromSeconds(1)),
                503 => PublisherFault.ServiceUnavailable(TimeSpan.FromSeconds(1)),
                _ => PublisherFault.ServerError(),
            });
        }

        using var http = new HttpClient();

        var run = await RunAsync(Create(Settings(publisher, ["10101234567"]), http), publisher);

        var failure = run.Batches.Single().Failure;
        Assert.That(failure?.Kind, Is.EqualTo(kind));
        Assert.That(failure!.Message, Does.Contain($"HTTP {status}"));
    }

    [Test]
    public async Task A_wrong_token_fails_the_batch_with_its_status()
    {
        await using var publisher = await StartAsync(token: "another-token");
        using var http = new HttpClient();

        var run = await RunAsync(Create(Settings(publisher, ["10101234567"]), http), publisher);

        Assert.That(run.Batches.Single().Failure, Has.Property(nameof(ConnectorFailure.Kind)).EqualTo(ConnectorFailureKind.HttpStatus).And.Property(nameof(ConnectorFailure.Message)).Contains("HTTP 401"));
    }

    [Test]
    public async Task An_answer_that_is_not_json_fails_its_batch_as_malformed_and_the_next_batch_is_served()
    {
        await using var publisher = await StartAsync();
        publisher.MalformedFor = "10101234568";
        using var http = new HttpClient();

        // 11 practitioners: two batches of at most 10; the bad answer is in the first.
        string[] roster = ["10101234568", .. Enumerable.Range(0, 9).Select(i => $"1010999990{i}"), "10101234567"];
        var run = await RunAsync(Create(Settings(publisher, roster), http), publisher);

        Assert.Multiple(() =>
        {
            Assert.That(run.Batches.Select(b => b.Failure?.Kind), Is.EqualTo(new ConnectorFailureKind?[] { ConnectorFailureKind.Malformed, null }));
            Assert.That(run.Slots.Select(s => s.PractitionerNationalId).Distinct(), Is.EqualTo(new[] { "810101234567" }));
        });
    }

    [Test]
    public async Task A_publisher_that_does_not_answer_in_time_is_a_timeout()
    {
        await using var publisher = await StartAsync();
        publisher.EnqueueFault(PublisherFault.Hang(TimeSpan.FromMinutes(2)));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        var run = await RunAsync(Create(Settings(publisher, ["10101234567"]), http), publisher);

        Assert.That(run.Batches.Single().Failure?.Kind, Is.EqualTo(ConnectorFailureKind.Timeout));
    }

    [Test]
    public async Task A_publisher_that_cannot_be_reached_is_a_network_failure()
    {
        var publisher = await StartAsync();
        var settings = Settings(publisher, ["10101234567"]);
        await publisher.DisposeAsync();
        using var http = new HttpClient();

        var run = await ConnectorConformance.RunAsync(Create(settings, http), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(72), InstanceId);

        Assert.That(run.Batches.Single().Failure?.Kind, Is.EqualTo(ConnectorFailureKind.Network));
    }

    [Test]
    public async Task Cancelling_the_run_throws_instead_of_yielding_a_failed_batch()
    {
        await using var publisher = await StartAsync();
        publisher.EnqueueFault(PublisherFault.Hang(TimeSpan.FromMinutes(2)));
        using var http = new HttpClient();
        using var cancel = new CancellationTokenSource();

        var run = ConnectorConformance.RunAsync(Create(Settings(publisher, ["10101234567"]), http), publisher.Start, publisher.Start.AddHours(72), InstanceId, cancel.Token);

        // The hanging answer was dequeued: the connector is waiting on it.
        while (publisher.PendingFaults > 0 && !run.IsCompleted)
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Bad_settings_are_each_reported_readably()
    {
        var section = ConnectorConformance.Section(Type, InstanceId, new Dictionary<string, string?>
        {
            ["BaseUrl"] = "ftp://publisher.example",
            ["Practitioners:0"] = "10101234567",
            ["Practitioners:1"] = "12345",
            ["Practitioners:2"] = "3123456789/42",
        });

        var problems = Type.ValidateConfiguration(section).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(4), string.Join(Environment.NewLine, problems));
            Assert.That(problems, Has.Some.StartsWith("BaseUrl 'ftp://publisher.example' is not an absolute http(s) URL"));
            Assert.That(problems, Has.Some.StartsWith("Token is required"));
            Assert.That(problems, Has.Some.StartsWith("Practitioners: '12345' is not an RPPS (11 digits, or 12 with the '8' prefix) nor an ADELI (9 digits, or 10 with the '0' prefix)"));
            Assert.That(problems, Has.Some.StartsWith("Practitioners: '3123456789/42' is not an RPPS"));
            Assert.That(Type.ReadRoster(section), Is.Null, "no roster from invalid settings");
        });
        Assert.That(Type.ValidateConfiguration(ConnectorConformance.Section(Type, InstanceId, new Dictionary<string, string?> { ["BaseUrl"] = "http://x/", ["Token"] = "t" })), Has.Some.StartsWith("Practitioners is required"));
    }

    [Test]
    public void A_comma_separated_roster_is_read_normalised_and_without_duplicates()
    {
        var section = ConnectorConformance.Section(Type, InstanceId, new Dictionary<string, string?>
        {
            ["BaseUrl"] = "http://127.0.0.1:5180",
            ["Token"] = "t",
            ["Practitioners"] = "10101234567, 810101234567,751234567",
        });

        Assert.That(Type.ReadRoster(section)?.Keys, Is.EqualTo(new[] { "810101234567", "0751234567" }));
    }

    [Test]
    public void An_uploaded_roster_key_the_publisher_cannot_know_is_reported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Type.RosterKeyProblem("810101234567"), Is.Null);
            Assert.That(Type.RosterKeyProblem("0751234567"), Is.Null);
            Assert.That(Type.RosterKeyProblem("3123456789/42"), Does.Contain("RPPS or ADELI"));
        });
    }

    private static string Prefixed(string bare) => bare.Length == 11 ? "8" + bare : "0" + bare;

    private static async Task<TemplatePublisherSimulator> StartAsync(string token = TemplatePublisherSimulator.DefaultToken)
    {
        var publisher = new TemplatePublisherSimulator(DateTimeOffset.UtcNow, token);
        await publisher.StartAsync();
        return publisher;
    }

    private static Dictionary<string, string?> Settings(TemplatePublisherSimulator publisher, IEnumerable<string> practitioners)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BaseUrl"] = publisher.BaseAddress.ToString(),
            ["Token"] = TemplatePublisherSimulator.DefaultToken,
        };
        foreach (var (practitioner, i) in practitioners.Select((p, i) => (p, i)))
        {
            settings[$"Practitioners:{i}"] = practitioner;
        }

        return settings;
    }

    private static IAgendaConnector Create(Dictionary<string, string?> settings, HttpClient http) =>
        ConnectorConformance.Create(Type, InstanceId, settings, http);

    private static Task<ConnectorConformanceRun> RunAsync(IAgendaConnector connector, TemplatePublisherSimulator publisher) =>
        ConnectorConformance.RunAsync(connector, publisher.Start, publisher.Start.AddHours(72), InstanceId);
}
