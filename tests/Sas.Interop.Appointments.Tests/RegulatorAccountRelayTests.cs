using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing.Databases;
using static Sas.Interop.Appointments.Tests.RegulatorAccounts;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Appointments.Tests;

/// <summary>
/// INT_R02 through the hub, as the IG's examples drive it: the SAS creates, updates, changes the identifier of and
/// withdraws an account at the hub; every publisher receiving accounts gets every version, once, in order, whatever
/// it does meanwhile (fails, loses answers, is down across a hub restart).
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class RegulatorAccountRelayTests
{
    private const string National = "urn:oid:1.2.250.1.71.4.2.1|" + NationalId;
    private const string Technical = "urn:oid:1.2.250.1.213.3.6|" + SasTechnicalId;

    [Test]
    public async Task Two_publishers_one_failing_for_a_while_each_get_every_version_once_and_in_order()
    {
        await using var steady = await StartPublisherAsync("steady", 1);
        await using var flaky = await StartPublisherAsync("flaky", 2);
        await using var hub = await RunningHub.StartAsync(Settings(("pub-steady", steady), ("pub-flaky", flaky)));
        using var sas = Publishers.Client(hub.BaseUrl);
        flaky.FailRegulatorRequests(4);
        flaky.LoseRegulatorAnswers(1, RegulatorLostAnswer.ConnectionDropped);

        // Create (SAS technical id), identifier change (PUT by the old id, the new one in the body), update, withdrawal.
        using var created = await SendAsync(sas, Post(ByTechnicalId()), HttpStatusCode.Created);
        using (await SendAsync(sas, Put(Technical, ByNationalId()), HttpStatusCode.OK))
        using (await SendAsync(sas, Put(National, ByNationalId(email: "s.loridon@samu.example")), HttpStatusCode.OK))
        using (await SendAsync(sas, Put(National, ByNationalId(active: false, email: "s.loridon@samu.example")), HttpStatusCode.OK))
        {
        }

        foreach (var publisher in new[] { "pub-steady", "pub-flaky" })
        {
            await Eventually.TrueAsync(async () => (await PublisherStatus(hub, publisher)).GetProperty("delivered").GetInt32() == 4, publisher + " got the four versions");
        }

        var flakyStatus = await PublisherStatus(hub, "pub-flaky");
        Assert.Multiple(() =>
        {
            Assert.That(created.Headers.Location!.ToString(), Does.StartWith(hub.BaseUrl + "fhir/Practitioner/regulator-"));
            Assert.That(flaky.ReceivedRegulatorRequests.Count(r => r.StatusCode == 503 && !r.Applied), Is.EqualTo(4), "the flaky publisher really failed four times");
            Assert.That(flaky.ReceivedRegulatorRequests.Count(r => r.StatusCode is null && r.Applied), Is.EqualTo(1), "and lost one answer");
            Assert.That(flakyStatus.GetProperty("pending").GetInt32(), Is.Zero);
            Assert.That(flakyStatus.GetProperty("lastError").GetString(), Does.Contain("Connection reset"), "the last failure: the lost answer");
            foreach (var publisher in new[] { steady, flaky })
            {
                var account = publisher.RegulatorAccounts.Single();
                Assert.That(account.Identifiers, Is.EqualTo(new[] { National }), "the identifier change reached it: one account, not two");
                Assert.That(account.Active, Is.False, "the withdrawal is the last version applied");
                Assert.That(account.Email, Is.EqualTo("s.loridon@samu.example"));
                Assert.That(account.Version, Is.EqualTo(4), "four versions changed the account: none skipped, a resent one changed nothing");
                Assert.That(FirstApplied(publisher), Is.EqualTo(new long[] { 1, 2, 3, 4 }), "version n+1 never applied before version n");
                Assert.That(publisher.ReceivedRegulatorRequests.Where(r => r.Method == "POST").Select(r => r.Sequence), Is.EqualTo(new long?[] { 1 }), "one create, the first attempt; every resend is a conditional update");
                Assert.That(publisher.ReceivedRegulatorRequests.Select(r => r.UserAgent), Is.All.StartsWith("Sas.Interop/"));
            }

            Assert.That(steady.ReceivedRegulatorRequests, Has.Count.EqualTo(4), "the steady publisher was not held back by the flaky one, nor sent anything twice");
        });
    }

    [Test]
    public async Task Versions_queued_while_a_publisher_is_down_are_delivered_after_a_hub_restart_as_updates()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var publisher = await StartPublisherAsync("restarting", 3);
        var settings = Settings(("pub-r", publisher));
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        publisher.RegulatorRequestsFailing = true;
        await using (var first = await RunningHub.StartAsync(settings))
        {
            using var sas = Publishers.Client(first.BaseUrl);
            using (await SendAsync(sas, Post(ByTechnicalId()), HttpStatusCode.Created))
            using (await SendAsync(sas, Put(Technical, ByTechnicalId(active: false)), HttpStatusCode.OK))
            {
            }

            await publisher.WaitForRegulatorRequestsAsync(2, TimeSpan.FromSeconds(60));
            Assert.That((await PublisherStatus(first, "pub-r")).GetProperty("pending").GetInt32(), Is.EqualTo(2));
        }

        Assert.That(publisher.RegulatorAccounts, Is.Empty, "nothing applied while failing");
        publisher.RegulatorRequestsFailing = false;
        await using var second = await RunningHub.StartAsync(settings);
        await Eventually.TrueAsync(async () => (await PublisherStatus(second, "pub-r")).GetProperty("delivered").GetInt32() == 2, "both versions delivered after the restart");

        Assert.Multiple(() =>
        {
            var account = publisher.RegulatorAccounts.Single();
            Assert.That(account.Active, Is.False);
            Assert.That(FirstApplied(publisher), Is.EqualTo(new long[] { 1, 2 }));

            // Tried before the restart: resent as the idempotent conditional update, never as a blind second create.
            Assert.That(publisher.ReceivedRegulatorRequests.Where(r => r.Applied).Select(r => r.Method), Is.All.EqualTo("PUT"));
        });
    }

    [Test]
    public async Task Only_the_SAS_writes_accounts_every_problem_is_reported_and_a_refused_write_reaches_no_publisher()
    {
        await using var publisher = await StartPublisherAsync("guarded", 4);
        await using var hub = await RunningHub.StartAsync(Settings(("pub-g", publisher)));
        using var client = Publishers.Client(hub.BaseUrl);

        var invalid = ByTechnicalId();
        invalid.Active = null;
        invalid.Telecom[0].Value = "not an address";
        invalid.Name[0].Given = ["Jean", "Paul"];
        using var unprocessable = await SendAsync(client, Post(invalid), HttpStatusCode.UnprocessableEntity);
        var outcome = FhirJson.Parse<OperationOutcome>(await unprocessable.Content.ReadAsStringAsync());

        using (await SendAsync(client, Post(ByTechnicalId(), key: null), HttpStatusCode.Unauthorized))
        using (await SendAsync(client, Post(ByTechnicalId(), key: Publishers.AlphaKey), HttpStatusCode.Forbidden))
        using (await SendAsync(client, Put("urn:oid:1.2.3|x", ByTechnicalId()), HttpStatusCode.BadRequest))
        using (await SendAsync(client, Publishers.Request(HttpMethod.Put, "fhir/Practitioner?Identifier=" + Uri.EscapeDataString(Technical), SasKey, FhirJson.Serialize(ByTechnicalId())), HttpStatusCode.BadRequest))
        {
        }

        using var created = await SendAsync(client, Post(ByTechnicalId()), HttpStatusCode.Created);
        var location = created.Headers.Location!.ToString();
        using var read = await SendAsync(client, Publishers.Request(HttpMethod.Get, location, SasKey, string.Empty), HttpStatusCode.OK);
        var stored = FhirJson.Parse<Practitioner>(await read.Content.ReadAsStringAsync());
        using (await SendAsync(client, Publishers.Request(HttpMethod.Get, location, Publishers.AlphaKey, string.Empty), HttpStatusCode.Forbidden))
        using (await SendAsync(client, Publishers.Request(HttpMethod.Get, location + "0", SasKey, string.Empty), HttpStatusCode.NotFound))
        using (await SendAsync(client, Post(ByNationalId()), HttpStatusCode.Created))
        using (await SendAsync(client, Put(National, ByTechnicalId()), HttpStatusCode.Conflict))
        {
        }

        // The same route is still a publisher's conditional push of its agenda Practitioner.
        var pushed = new Practitioner { Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", "810000000042")], Name = [new HumanName { Family = "MARTIN" }] };
        using (await SendAsync(client, Publishers.Request(HttpMethod.Put, "fhir/Practitioner?identifier=" + Uri.EscapeDataString("urn:oid:1.2.250.1.71.4.2.1|810000000042"), Publishers.AlphaKey, FhirJson.Serialize(pushed)), HttpStatusCode.Created))
        {
        }

        await Eventually.TrueAsync(async () => (await PublisherStatus(hub, "pub-g")).GetProperty("delivered").GetInt32() == 2, "the two valid accounts delivered");
        Assert.Multiple(() =>
        {
            Assert.That(location, Does.EndWith("/Practitioner/" + stored.Id), "the Location of a create reads back");
            Assert.That(stored.Identifier.Single().Value, Is.EqualTo(SasTechnicalId));
            Assert.That(stored.Meta.VersionId, Is.EqualTo("1"));
            Assert.That(outcome.Issue.Select(i => i.Expression.Single()), Is.EquivalentTo(new[] { "Practitioner.active", "Practitioner.name[0].given", "Practitioner.telecom[0].value" }));
            Assert.That(publisher.ReceivedRegulatorRequests, Has.Count.EqualTo(2), "only the two accepted creates reached the publisher");
            Assert.That(publisher.RegulatorAccounts, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_hub_with_no_SAS_identity_configured_refuses_account_writes()
    {
        await using var publisher = await StartPublisherAsync("lonely", 5);
        var settings = Settings(("pub-l", publisher));
        settings.Remove("Consumers:sas:ApiKeys:0");
        await using var hub = await RunningHub.StartAsync(settings);
        using var client = Publishers.Client(hub.BaseUrl);
        using var refused = await SendAsync(client, Post(ByTechnicalId(), key: Publishers.BetaKey), HttpStatusCode.Forbidden);
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Consumers:<id>"));
    }

    [Test]
    public async Task Two_hub_nodes_on_one_database_send_each_version_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var publisher = await StartPublisherAsync("clustered", 7);
        var settings = Settings(("pub-c", publisher));
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        await using var nodeA = await RunningHub.StartAsync(settings);
        await using var nodeB = await RunningHub.StartAsync(settings);
        using var toA = Publishers.Client(nodeA.BaseUrl);
        using var toB = Publishers.Client(nodeB.BaseUrl);

        // Five accounts, each created on one node and withdrawn through the other: both relays see every row.
        var ids = Enumerable.Range(0, 5).Select(i => $"0000000{i}-8a61-4556-b340-36f7b95fec6a").ToList();
        foreach (var id in ids)
        {
            var account = ByTechnicalId();
            account.Identifier[0].Value = id;
            using (await SendAsync(toA, Post(account), HttpStatusCode.Created))
            {
            }

            account.Active = false;
            using (await SendAsync(toB, Put("urn:oid:1.2.250.1.213.3.6|" + id, account), HttpStatusCode.OK))
            {
            }
        }

        await Eventually.TrueAsync(async () => (await PublisherStatus(nodeA, "pub-c")).GetProperty("delivered").GetInt32() == 10, "ten versions delivered");
        Assert.Multiple(() =>
        {
            Assert.That(publisher.ReceivedRegulatorRequests, Has.Count.EqualTo(10), "each version sent once, by one node");
            Assert.That(publisher.RegulatorAccounts.Select(a => a.Active), Is.EqualTo(Enumerable.Repeat(false, 5)));
        });
    }

    [TestCase("agenda-plus", "Connectors:pub-x:RegulatorAccounts: regulator accounts (INT_R02) are FHIR Practitioner writes")]
    [TestCase("sas-fhir", "RegulatorAccounts:Relay:BaseDelay: must be positive")]
    public async Task A_bad_regulator_account_setting_stops_the_start_up_naming_the_key(string type, string message)
    {
        await using var publisher = await StartPublisherAsync("misconfigured", 6);
        var settings = Settings(("pub-x", publisher));
        settings["Connectors:pub-x:Type"] = type;
        settings["Connectors:pub-x:ApiKey"] = "agenda-plus-key";
        if (type == "sas-fhir")
        {
            settings["RegulatorAccounts:Relay:BaseDelay"] = "-00:00:01";
        }

        var error = Assert.CatchAsync(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());
        Assert.That(error!.Message, Does.Contain(message));
    }

    // The sequences of the writes each publisher applied, first application of each only (a lost answer is resent and
    // applied again, unchanged).
    private static long[] FirstApplied(PublisherSimulator publisher) =>
        [.. publisher.ReceivedRegulatorRequests.Where(r => r.Applied && r.Sequence is not null).Select(r => r.Sequence!.Value).Distinct()];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        {
            var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
            return response;
        }
    }
}
