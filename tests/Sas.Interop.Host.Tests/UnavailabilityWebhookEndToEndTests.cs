using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #18 item 1: each long unavailability (the list of <c>/admin/unavailabilities</c>) is POSTed once to
/// <c>Admin:Unavailabilities:Webhook:Url</c>: once across restarts (recorded in the database), retried after a 5xx,
/// refused for good after a 4xx; a bad URL stops the start-up naming the key.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class UnavailabilityWebhookEndToEndTests
{
    private const string Secret = "webhook-test-secret";
    private const string RppsSystem = "urn:oid:1.2.250.1.71.4.2.1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task A_30_day_notAvailable_is_posted_once_after_two_failures_and_not_again_after_a_restart()
    {
        using var receiver = WebhookReceiver.Start(rank => rank < 2 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
        await using var database = await TestDatabase.CreateAsync();
        var since = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(-1);

        var (publisher, resources, roster) = await StartPublisherAsync();
        await using var served = publisher;
        await using (var hub = await StartAsync(database, receiver.Url, publisher, roster))
        {
            PutAway(resources, 0, since, 30);
            publisher.ReplaceResources(resources);
            await SyncAsync(hub);
            await WaitUntilAsync(() => receiver.Received.Any(r => r.Status == HttpStatusCode.OK), "delivered after two 503");

            var delivered = receiver.Received.ToList();
            Assert.That(delivered.Select(r => r.Status), Is.EqualTo(new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK }));
            Assert.That(delivered.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the same event, retried");
            var body = delivered[2].Body;
            Assert.That(delivered[2].Signature, Is.EqualTo("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)))));
            var sent = JsonDocument.Parse(body).RootElement;
            Assert.That(sent.GetProperty("type").GetString(), Is.EqualTo("practitioner.long-unavailability"));
            Assert.That(Guid.TryParse(sent.GetProperty("id").GetString(), out _), Is.True);
            Assert.That(sent.GetProperty("source").GetString(), Is.EqualTo("sim"));
            Assert.That(sent.GetProperty("reason").GetString(), Is.EqualTo("not-available"));
            Assert.That(sent.GetProperty("description").GetString(), Is.EqualTo("Congés"));
            Assert.That(sent.GetProperty("days").GetInt32(), Is.EqualTo(30));
            Assert.That(sent.GetProperty("since").GetDateTimeOffset(), Is.EqualTo(since));
            Assert.That(sent.GetProperty("until").GetDateTimeOffset(), Is.EqualTo(since.AddDays(30)));
            var listed = (await hub.Http.GetFromJsonAsync<JsonElement>("admin/unavailabilities")).GetProperty("unavailabilities").EnumerateArray().Single();
            Assert.That(sent.GetProperty("practitionerNationalId").GetString(), Is.EqualTo(listed.GetProperty("practitionerNationalId").GetString()));
            Assert.That(sent.GetProperty("name").GetString(), Is.EqualTo(listed.GetProperty("name").GetString()));
            Assert.That(sent.GetProperty("placeId").GetString(), Is.EqualTo(listed.GetProperty("placeId").GetString()));
            await WaitUntilAsync(async () => (await WebhookAsync(hub)).GetProperty("sent").GetInt32() == 1, "counted as sent");
            var webhook = await WebhookAsync(hub);
            Assert.That(webhook.GetProperty("host").GetString(), Is.EqualTo(new Uri(receiver.Url).Authority));
            Assert.That(webhook.GetProperty("refused").GetInt32(), Is.Zero);
        }

        // Same database, a new process: the first unavailability is known as sent; a second one proves a pass ran.
        await using (var restarted = await StartAsync(database, receiver.Url, publisher, roster))
        {
            PutAway(resources, 1, since, 40);
            publisher.ReplaceResources(resources);
            await SyncAsync(restarted);
            await WaitUntilAsync(() => receiver.Received.Count(r => r.Status == HttpStatusCode.OK) >= 2, "the second unavailability delivered");
            var events = receiver.Received.Where(r => r.Status == HttpStatusCode.OK).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("days").GetInt32()).ToList();
            Assert.That(events, Is.EquivalentTo(new[] { 30, 40 }), "the first one not again");
        }
    }

    [Test]
    public async Task An_event_answered_4xx_is_refused_and_not_retried()
    {
        using var receiver = WebhookReceiver.Start(rank => rank == 0 ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.OK);
        await using var database = await TestDatabase.CreateAsync();
        var since = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(-1);
        var (publisher, resources, roster) = await StartPublisherAsync();
        await using var served = publisher;
        await using var hub = await StartAsync(database, receiver.Url, publisher, roster);
        PutAway(resources, 0, since, 30);
        publisher.ReplaceResources(resources);
        await SyncAsync(hub);
        await WaitUntilAsync(async () => (await WebhookAsync(hub)).GetProperty("refused").GetInt32() == 1, "refused");
        Assert.That((await WebhookAsync(hub)).GetProperty("lastError").GetString(), Does.Contain("422"));

        // A later event is delivered; the refused one was tried once only.
        PutAway(resources, 1, since, 40);
        publisher.ReplaceResources(resources);
        await SyncAsync(hub);
        await WaitUntilAsync(() => receiver.Received.Any(r => r.Status == HttpStatusCode.OK), "the second unavailability delivered");
        Assert.That(receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("days").GetInt32()), Is.EqualTo(new[] { 30, 40 }));

        // On-call sees it without opening /admin: the refused gauge (the alert SasInteropUnavailabilityWebhookRefused).
        PrometheusScrape? scrape = null;
        await WaitUntilAsync(
            async () => (scrape = await PrometheusScrape.GetAsync(hub.Http)).Value("sas_interop_unavailability_webhook_refused") == 1
                && scrape.Value("sas_interop_unavailability_webhook_pending") == 0,
            "the webhook gauges show the refused event");
        Assert.That(scrape!.Value("sas_interop_unavailability_webhook_oldest_pending_age_seconds"), Is.Zero);
    }

    [TestCase("not a url")]
    [TestCase("ftp://127.0.0.1/hook")]
    [TestCase("/relative/hook")]
    public void A_webhook_url_that_is_not_absolute_http_stops_the_start_up_naming_the_key(string url)
    {
        var settings = PushClient.Settings();
        settings["Admin:Unavailabilities:Webhook:Url"] = url;
        var error = Assert.CatchAsync(async () => await RunningHub.StartAsync(settings));
        Assert.That(error!.ToString(), Does.Contain("Admin:Unavailabilities:Webhook:Url").And.Contain(url));
    }

    private static async Task<(PublisherSimulator Publisher, List<Resource> Resources, List<string> Roster)> StartPublisherAsync()
    {
        // One place per practitioner, so one unavailability (one event) each.
        var options = new PublisherSimulatorOptions { Name = "webhook", PractitionerCount = 2, Seed = 11, Days = 2, Anchor = DateTimeOffset.UtcNow };
        var resources = PublisherSimulator.GenerateResources(options).Select(r => (Resource)r.DeepCopy()).ToList();
        var roster = resources.OfType<Practitioner>().Select(p => p.Identifier.Single(i => i.System == RppsSystem).Value).ToList();
        var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "webhook", Resources = resources }, CancellationToken.None);
        return (publisher, resources, roster);
    }

    private static void PutAway(List<Resource> resources, int practitioner, DateTimeOffset since, int days)
    {
        var away = resources.OfType<Practitioner>().ElementAt(practitioner);
        var role = resources.OfType<PractitionerRole>().First(r => r.Practitioner.Reference == "Practitioner/" + away.Id);
        role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent
        {
            Description = "Congés",
            During = new Period { StartElement = new FhirDateTime(since), EndElement = new FhirDateTime(since.AddDays(days)) },
        });
    }

    private static async Task SyncAsync(RunningHub hub)
    {
        var sync = await hub.Http.PostAsync("admin/connectors/sim/sync", null);
        Assert.That((await sync.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("succeeded"));
    }

    private static Task<RunningHub> StartAsync(TestDatabase database, string url, PublisherSimulator publisher, List<string> roster)
    {
        var settings = RunningHub.Connector("sim", publisher.BaseUrl, roster, schedule: "manual");
        settings["Admin:Unavailabilities:Webhook:Url"] = url;
        settings["Admin:Unavailabilities:Webhook:Secret"] = Secret;
        settings["Admin:Unavailabilities:Webhook:ScanInterval"] = "00:00:00.300";
        settings["Admin:Unavailabilities:Webhook:BaseDelay"] = "00:00:00.200";
        settings["Admin:Unavailabilities:Webhook:MaxDelay"] = "00:00:01";
        settings["Admin:Unavailabilities:Webhook:PollInterval"] = "00:00:00.300";
        return FhirReadTests.StartOnAsync(database, settings);
    }

    private static async Task<JsonElement> WebhookAsync(RunningHub hub) =>
        (await hub.Http.GetFromJsonAsync<JsonElement>("admin/unavailabilities")).GetProperty("webhook");

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            Assert.That(deadline.IsCancellationRequested, Is.False, "timed out waiting: " + what);
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
