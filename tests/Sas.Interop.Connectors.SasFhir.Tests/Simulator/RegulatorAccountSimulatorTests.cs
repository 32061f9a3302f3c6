using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Connectors.SasFhir.Tests.Simulator;

/// <summary>The simulated publisher's side of INT_R02 (regulator accounts, digest §1.5, §4.18).</summary>
public sealed class RegulatorAccountSimulatorTests
{
    private const string NationalSystem = RegulatorAccount.NationalIdSystem;
    private const string SasSystem = RegulatorAccount.SasTechnicalIdSystem;

    // The IG examples' regulators: Loridon (IDNPS, Regul1; INTRN, Regul4) and MARIUS (IDNPS, Regul2/3).
    private const string LoridonNationalId = "3456780581/11242343";
    private const string LoridonSasId = "1ef1c748-01a3-6180-b098-73283ce4e5b1";
    private const string MariusNationalId = "810002673899";
    private const string FaqSasId = "b6e39355-8a61-4556-b340-36f7b95fec6a";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions FhirOptions = new JsonSerializerOptions().ForFhir();
    private static readonly HttpClient Http = new();

    [Test]
    public async Task A_create_answers_201_with_the_simulator_id_in_Location_and_the_stored_account()
    {
        await using var simulator = await StartAsync();

        using var response = await PostAsync(simulator, Regulator(NationalSystem, LoridonNationalId, "Loridon", "Sébastien", "sebastien.loridon@test.com"));

        var stored = await ReadAsync<Practitioner>(response);
        var account = simulator.RegulatorAccounts.Single();
        using var read = await Http.GetAsync(response.Headers.Location);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri(simulator.BaseUrl + "/Practitioner/" + account.Id)));
            Assert.That(stored.Id, Is.EqualTo(account.Id).And.Not.EqualTo("sas-own-id"));
            Assert.That(stored.Meta!.VersionId, Is.EqualTo("1"));
            Assert.That(stored.Meta.Source, Is.EqualTo(SasSystem));
            Assert.That(account.Identifiers, Is.EqualTo(new[] { NationalSystem + "|" + LoridonNationalId }));
            Assert.That(account.NationalId, Is.EqualTo(LoridonNationalId));
            Assert.That(account.SasTechnicalId, Is.Null);
            Assert.That((account.Active, account.Family, account.Given, account.Email), Is.EqualTo((true, "Loridon", "Sébastien", "sebastien.loridon@test.com")));
            Assert.That((account.Version, account.WriteCount), Is.EqualTo((1, 1)));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the Location can be read back");
            var request = simulator.ReceivedRegulatorRequests.Single();
            Assert.That((request.Method, request.UrlIdentifier, request.Active, request.StatusCode, request.Applied, request.AccountId), Is.EqualTo(("POST", (string?)null, (bool?)true, (int?)201, true, account.Id)));
            Assert.That(request.BodyIdentifiers, Is.EqualTo(new[] { NationalSystem + "|" + LoridonNationalId }));
        });
    }

    [TestCase(NationalSystem, MariusNationalId)]
    [TestCase(SasSystem, FaqSasId)]
    public async Task A_PUT_by_identifier_updates_the_account_holding_it(string system, string value)
    {
        await using var simulator = await StartAsync();
        using var created = await PostAsync(simulator, Regulator(system, value, "MARIUS", "Jules", "jules.marius@test.com"));

        using var updated = await PutAsync(simulator, system, value, Regulator(system, value, "MARIUS", "Jules Henri", "jules.h.marius@test.com"));

        var account = simulator.RegulatorAccounts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(updated.Headers.Location, Is.EqualTo(created.Headers.Location));
            Assert.That((account.Given, account.Email, account.Version), Is.EqualTo(("Jules Henri", "jules.h.marius@test.com", 2)));
            Assert.That(simulator.ReceivedRegulatorRequests.Last().UrlIdentifier, Is.EqualTo(system + "|" + value));
        });
    }

    [Test]
    public async Task A_PUT_to_an_unknown_identifier_creates_the_account()
    {
        await using var simulator = await StartAsync();

        using var response = await PutAsync(simulator, SasSystem, FaqSasId, Regulator(SasSystem, FaqSasId));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(simulator.FindRegulatorAccount(SasSystem, FaqSasId)?.Id, Is.EqualTo(simulator.RegulatorAccounts.Single().Id));
    }

    [Test]
    public async Task An_identifier_change_moves_the_account_to_the_new_identifier()
    {
        await using var simulator = await StartAsync();
        using var created = await PostAsync(simulator, Regulator(SasSystem, FaqSasId));
        var id = simulator.RegulatorAccounts.Single().Id;

        // FAQ: the URL carries the old (SAS) identifier, the body the new national one.
        using var changed = await PutAsync(simulator, SasSystem, FaqSasId, Regulator(NationalSystem, MariusNationalId));
        using var byNew = await PutAsync(simulator, NationalSystem, MariusNationalId, Regulator(NationalSystem, MariusNationalId, given: "Jules Henri"));
        var afterChange = simulator.RegulatorAccounts.Single();
        using var byOld = await PutAsync(simulator, SasSystem, FaqSasId, Regulator(SasSystem, FaqSasId));

        Assert.Multiple(() =>
        {
            Assert.That((changed.StatusCode, byNew.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(afterChange.Id, Is.EqualTo(id));
            Assert.That(afterChange.Identifiers, Is.EqualTo(new[] { NationalSystem + "|" + MariusNationalId }));
            Assert.That(afterChange.Given, Is.EqualTo("Jules Henri"));
            Assert.That(byOld.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the old identifier no longer addresses the account");
            Assert.That(simulator.RegulatorAccounts.Select(a => a.Id).ToList(), Has.Count.EqualTo(2).And.Contains(id));
        });
    }

    [Test]
    public async Task A_withdrawal_is_an_update_to_active_false()
    {
        await using var simulator = await StartAsync();
        using var created = await PostAsync(simulator, Regulator(NationalSystem, MariusNationalId));

        using var withdrawn = await PutAsync(simulator, NationalSystem, MariusNationalId, Regulator(NationalSystem, MariusNationalId, active: false));

        var account = simulator.RegulatorAccounts.Single();
        Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((account.Active, account.Version), Is.EqualTo((false, 2)));
        Assert.That(simulator.ReceivedRegulatorRequests.Last().Active, Is.False);
    }

    [Test]
    public async Task A_repeated_create_updates_the_same_account_without_a_new_version()
    {
        await using var simulator = await StartAsync();
        var body = Regulator(NationalSystem, LoridonNationalId);

        using var first = await PostAsync(simulator, body);
        using var again = await PostAsync(simulator, body);

        var account = simulator.RegulatorAccounts.Single();
        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.OK)));
        Assert.That((account.Version, account.WriteCount), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task The_IG_example_regulators_are_accepted()
    {
        await using var simulator = await StartAsync();

        using var loridon = await PostJsonAsync(simulator, "/Practitioner", IgPackage.ReadExample("Practitioner-ExamplePractitionerRegul1.json"));
        using var loridonSas = await PostJsonAsync(simulator, "/Practitioner", IgPackage.ReadExample("Practitioner-ExamplePractitionerRegul4.json"));
        using var marius = await PostJsonAsync(simulator, "/Practitioner", IgPackage.ReadExample("Practitioner-ExamplePractitionerRegul2.json"));
        using var withdrawn = await SendJsonAsync(simulator, HttpMethod.Put, Conditional(NationalSystem, MariusNationalId), IgPackage.ReadExample("Practitioner-ExamplePractitionerRegul3.json"));

        Assert.Multiple(() =>
        {
            Assert.That(new[] { loridon.StatusCode, loridonSas.StatusCode, marius.StatusCode }, Has.All.EqualTo(HttpStatusCode.Created));
            Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(simulator.FindRegulatorAccount(NationalSystem, MariusNationalId)!.Active, Is.False);
            Assert.That(simulator.FindRegulatorAccount(SasSystem, LoridonSasId)!.Email, Is.EqualTo("sebastien.loridon@test.com"));
        });
    }

    [TestCase("no active", """{"resourceType":"Practitioner","identifier":[{"system":"urn:oid:1.2.250.1.71.4.2.1","value":"810002673899"}]}""")]
    [TestCase("no identifier", """{"resourceType":"Practitioner","active":true}""")]
    [TestCase("foreign identifier only", """{"resourceType":"Practitioner","identifier":[{"system":"https://editeur.example/users","value":"42"}],"active":true}""")]
    [TestCase("identifier without value", """{"resourceType":"Practitioner","identifier":[{"system":"urn:oid:1.2.250.1.71.4.2.1"},{"system":"urn:oid:1.2.250.1.213.3.6","value":"b6e39355-8a61-4556-b340-36f7b95fec6a"}],"active":true}""")]
    public async Task A_Practitioner_missing_what_the_IG_requires_gets_422(string why, string body)
    {
        await using var simulator = await StartAsync();

        using var response = await PostJsonAsync(simulator, "/Practitioner", body);

        await AssertRefusedAsync(simulator, response, HttpStatusCode.UnprocessableEntity, why);
    }

    [TestCase("not JSON", "POST", "", "{\"resourceType\":")]
    [TestCase("empty body", "POST", "", "")]
    [TestCase("not a Practitioner", "POST", "", """{"resourceType":"Patient","active":true}""")]
    [TestCase("unknown element", "POST", "", """{"resourceType":"Practitioner","activ":true,"active":true,"identifier":[{"system":"urn:oid:1.2.250.1.71.4.2.1","value":"810002673899"}]}""")]
    [TestCase("unknown parameter on POST", "POST", "?identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899", null)]
    [TestCase("unknown parameter on PUT", "PUT", "?identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899&_pretty=true", null)]
    [TestCase("PUT without identifier", "PUT", "", null)]
    [TestCase("PUT with two identifiers", "PUT", "?identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899&identifier=urn:oid:1.2.250.1.71.4.2.1%7C810100050075", null)]
    [TestCase("identifier without system", "PUT", "?identifier=810002673899", null)]
    [TestCase("capital-I Identifier (trap 9)", "PUT", "?Identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899", null)]
    public async Task A_malformed_request_gets_400(string why, string method, string query, string? body)
    {
        await using var simulator = await StartAsync();

        using var response = await SendJsonAsync(simulator, new HttpMethod(method), "/Practitioner" + query, body ?? Json(Regulator(NationalSystem, MariusNationalId)));

        await AssertRefusedAsync(simulator, response, HttpStatusCode.BadRequest, why);
    }

    [TestCase("json", HttpStatusCode.Created)]
    [TestCase("application/fhir+json", HttpStatusCode.Created)]
    [TestCase("application%2Ffhir%2Bjson", HttpStatusCode.Created)]
    [TestCase("xml", HttpStatusCode.UnsupportedMediaType)]
    public async Task The_format_parameter_is_allowed_for_JSON_only(string format, HttpStatusCode expected)
    {
        await using var simulator = await StartAsync();

        using var response = await PostJsonAsync(simulator, "/Practitioner?_format=" + format, Json(Regulator(NationalSystem, MariusNationalId)));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(simulator.RegulatorAccounts, Has.Count.EqualTo(expected == HttpStatusCode.Created ? 1 : 0));
    }

    [Test]
    public async Task A_write_that_would_merge_two_accounts_gets_409()
    {
        await using var simulator = await StartAsync();
        using var marius = await PostAsync(simulator, Regulator(NationalSystem, MariusNationalId));
        using var loridon = await PostAsync(simulator, Regulator(NationalSystem, LoridonNationalId));

        using var response = await PutAsync(simulator, NationalSystem, MariusNationalId, Regulator(NationalSystem, LoridonNationalId));

        await AssertRefusedAsync(simulator, response, HttpStatusCode.Conflict, "merge", expectedAccounts: 2);
    }

    [Test]
    public async Task Failed_requests_answer_the_status_with_Retry_After_and_change_nothing()
    {
        await using var simulator = await StartAsync();
        simulator.FailRegulatorRequests(2, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(7));
        var body = Regulator(NationalSystem, MariusNationalId);

        using var first = await PostAsync(simulator, body);
        using var second = await PutAsync(simulator, NationalSystem, MariusNationalId, body);
        var afterFailures = simulator.RegulatorAccounts;
        using var third = await PostAsync(simulator, body);

        Assert.Multiple(() =>
        {
            Assert.That((first.StatusCode, second.StatusCode, third.StatusCode), Is.EqualTo((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created)));
            Assert.That(first.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(afterFailures, Is.Empty);
            Assert.That(simulator.ReceivedRegulatorRequests.Select(r => (r.StatusCode, r.Applied)), Is.EqualTo(new[] { ((int?)503, false), (503, false), (201, true) }));
        });
    }

    [Test]
    public async Task While_failing_every_request_gets_503_until_switched_back()
    {
        await using var simulator = await StartAsync();
        simulator.RegulatorRequestsFailing = true;
        simulator.RegulatorRetryAfter = TimeSpan.FromSeconds(30);
        var body = Regulator(NationalSystem, MariusNationalId);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var failed = await PostAsync(simulator, body);
            statuses.Add(failed.StatusCode);
            Assert.That(failed.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
        }

        simulator.RegulatorRequestsFailing = false;
        using var recovered = await PostAsync(simulator, body);

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(recovered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(simulator.RegulatorAccounts, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_lost_503_answer_is_applied_and_the_retry_leaves_one_account()
    {
        await using var simulator = await StartAsync();
        simulator.LoseRegulatorAnswers(1);
        var body = Regulator(NationalSystem, LoridonNationalId);

        using var lost = await PostAsync(simulator, body);
        var afterLoss = simulator.RegulatorAccounts;
        using var retried = await PostAsync(simulator, body);

        var account = simulator.RegulatorAccounts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(lost.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(afterLoss, Has.Count.EqualTo(1), "the write was applied before the answer was lost");
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((account.Version, account.WriteCount), Is.EqualTo((1, 2)));
            Assert.That(simulator.ReceivedRegulatorRequests.Select(r => (r.StatusCode, r.Applied)), Is.EqualTo(new[] { ((int?)503, true), (200, true) }));
        });
    }

    [Test]
    public async Task A_dropped_identifier_change_retried_with_the_old_identifier_updates_the_same_account()
    {
        await using var simulator = await StartAsync();
        using var created = await PostAsync(simulator, Regulator(SasSystem, FaqSasId));
        simulator.LoseRegulatorAnswers(1, RegulatorLostAnswer.ConnectionDropped);
        var change = Regulator(NationalSystem, MariusNationalId);

        Assert.ThrowsAsync<HttpRequestException>(async () => await PutAsync(simulator, SasSystem, FaqSasId, change));
        using var retried = await PutAsync(simulator, SasSystem, FaqSasId, change);

        var account = simulator.RegulatorAccounts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old identifier is gone but the body's is the account's: not a second create");
            Assert.That(account.Identifiers, Is.EqualTo(new[] { NationalSystem + "|" + MariusNationalId }));
            Assert.That(account.Version, Is.EqualTo(2));
            Assert.That(simulator.ReceivedRegulatorRequests[1].StatusCode, Is.Null, "the dropped answer");
            Assert.That(simulator.ReceivedRegulatorRequests[1].Applied, Is.True);
        });
    }

    [Test]
    public async Task Concurrent_writes_keep_one_account_per_regulator()
    {
        await using var simulator = await StartAsync();
        var ids = Enumerable.Range(0, 5).Select(i => "8100000000" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // Each regulator gets 6 concurrent PUTs to a then-unknown identifier: exactly one may create it.
        var writes = ids.SelectMany(id => Enumerable.Range(0, 6).Select(async n =>
        {
            using var response = await PutAsync(simulator, NationalSystem, id, Regulator(NationalSystem, id, given: "Given" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return (id, response.StatusCode);
        })).ToList();
        var results = await Task.WhenAll(writes);

        Assert.Multiple(() =>
        {
            Assert.That(simulator.RegulatorAccounts.Select(a => a.NationalId), Is.EquivalentTo(ids));
            Assert.That(simulator.RegulatorAccounts.Select(a => a.WriteCount), Has.All.EqualTo(6));
            Assert.That(simulator.RegulatorAccounts.Select(a => a.Id).Distinct().Count(), Is.EqualTo(5));
            foreach (var group in results.GroupBy(r => r.id))
            {
                Assert.That(group.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1), group.Key);
                Assert.That(group.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(5), group.Key);
            }

            Assert.That(simulator.ReceivedRegulatorRequests, Has.Count.EqualTo(30));
        });
    }

    [Test]
    public async Task Tests_can_wait_for_requests_and_accounts_without_sleeping()
    {
        await using var simulator = await StartAsync();

        var accountWait = simulator.WaitForRegulatorAccountAsync(a => a.NationalId == MariusNationalId && !a.Active, Bound);
        var requestsWait = simulator.WaitForRegulatorRequestsAsync(2, Bound);
        Assert.That(requestsWait.IsCompleted, Is.False);
        using var created = await PostAsync(simulator, Regulator(NationalSystem, MariusNationalId));
        using var withdrawn = await PutAsync(simulator, NationalSystem, MariusNationalId, Regulator(NationalSystem, MariusNationalId, active: false));

        await requestsWait;
        var account = await accountWait;
        Assert.That(account.Version, Is.EqualTo(2));
        Assert.ThrowsAsync<TimeoutException>(() => simulator.WaitForRegulatorRequestsAsync(3, TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public async Task The_sequence_header_and_user_agent_are_recorded()
    {
        await using var simulator = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.BaseUrl + "/Practitioner"))
        {
            Content = FhirContent(Json(Regulator(NationalSystem, MariusNationalId))),
        };
        request.Headers.Add(PublisherSimulator.SequenceHeader, "17");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Sas.Interop", "1.2.3"));

        using var response = await Http.SendAsync(request);

        var received = simulator.ReceivedRegulatorRequests.Single();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((received.Sequence, received.UserAgent, received.ClientCertificateSubject), Is.EqualTo(((long?)17, "Sas.Interop/1.2.3", (string?)null)));
    }

    [Test]
    public async Task Over_mutual_TLS_a_client_certificate_is_required_and_recorded()
    {
        using var certificates = TestCertificates.Create();
        using var clientCertificate = TestCertificates.CreateClient(certificates.Ca, "hub.sas-interop.example.fr", "SAS-EDITEUR");
        using var server = certificates.LoadServer();
        await using var simulator = await StartAsync(options => { options.ServerCertificate = server; options.RequiredClientCa = certificates.Ca; });
        using var withCertificate = TlsClient(certificates.Ca, clientCertificate);
        using var withoutCertificate = TlsClient(certificates.Ca, null);
        var body = Json(Regulator(NationalSystem, MariusNationalId));

        using var response = await withCertificate.PostAsync(new Uri(simulator.BaseUrl + "/Practitioner"), FhirContent(body));
        Assert.ThrowsAsync<HttpRequestException>(() => withoutCertificate.PostAsync(new Uri(simulator.BaseUrl + "/Practitioner"), FhirContent(body)));

        Assert.That(simulator.BaseUrl, Does.StartWith("https://"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(simulator.ReceivedRegulatorRequests.Single().ClientCertificateSubject, Does.Contain("CN=hub.sas-interop.example.fr"));
    }

    [Test]
    public async Task Metadata_declares_the_regulator_accounts_when_received()
    {
        await using var receiving = await StartAsync();
        await using var searchOnly = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { PractitionerCount = 1 }, CancellationToken.None);

        var statement = JsonSerializer.Deserialize<CapabilityStatement>(await Http.GetStringAsync(new Uri(receiving.BaseUrl + "/metadata")), FhirOptions)!;
        var withoutAccounts = JsonSerializer.Deserialize<CapabilityStatement>(await Http.GetStringAsync(new Uri(searchOnly.BaseUrl + "/metadata")), FhirOptions)!;
        using var refused = await PostAsync(searchOnly, Regulator(NationalSystem, MariusNationalId));

        var practitioner = statement.Rest.Single().Resource.Single(r => r.Type == "Practitioner");
        Assert.Multiple(() =>
        {
            Assert.That(statement.Instantiates, Does.Contain("https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireStructure"));
            Assert.That(statement.Instantiates, Does.Contain("https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-PsIndiv"));
            Assert.That(practitioner.Profile, Is.EqualTo("https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul"));
            Assert.That(practitioner.Interaction.Select(i => i.Code), Is.SupersetOf(new[] { CapabilityStatement.TypeRestfulInteraction.Create, CapabilityStatement.TypeRestfulInteraction.Update }));
            Assert.That((practitioner.ConditionalUpdate, practitioner.UpdateCreate), Is.EqualTo(((bool?)true, (bool?)true)));
            Assert.That(withoutAccounts.Instantiates, Has.None.Contains("GestionnaireStructure"));
            Assert.That(withoutAccounts.Rest.Single().Resource.Select(r => r.Type), Has.None.EqualTo("Practitioner"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a publisher that does not take accounts");
        });
    }

    private static Task<PublisherSimulator> StartAsync(Action<PublisherSimulatorOptions>? configure = null)
    {
        var options = new PublisherSimulatorOptions { PractitionerCount = 1, ReceivesRegulatorAccounts = true };
        configure?.Invoke(options);
        return PublisherSimulator.StartAsync(options, CancellationToken.None);
    }

    /// <summary>A FrPractitionerRegul as the IG examples write it (the SAS's own id included, which the publisher ignores).</summary>
    private static Practitioner Regulator(string system, string value, string family = "MARIUS", string given = "Jules", string email = "jules.marius@test.com", bool active = true) => new()
    {
        Id = "sas-own-id",
        Meta = new Meta { Source = SasSystem, Profile = ["https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul"] },
        Identifier =
        [
            new Identifier(system, value)
            {
                Type = new CodeableConcept("http://interopsante.org/fhir/CodeSystem/fr-v2-0203", system == SasSystem ? "INTRN" : "IDNPS"),
            },
        ],
        Active = active,
        Name = [new HumanName { Family = family, Given = [given] }],
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email)],
    };

    private static string Conditional(string system, string value) => "/Practitioner?identifier=" + Uri.EscapeDataString(system + "|" + value);

    private static Task<HttpResponseMessage> PostAsync(PublisherSimulator simulator, Practitioner body) => PostJsonAsync(simulator, "/Practitioner", Json(body));

    private static Task<HttpResponseMessage> PutAsync(PublisherSimulator simulator, string system, string value, Practitioner body) =>
        SendJsonAsync(simulator, HttpMethod.Put, Conditional(system, value), Json(body));

    private static Task<HttpResponseMessage> PostJsonAsync(PublisherSimulator simulator, string path, string json) => SendJsonAsync(simulator, HttpMethod.Post, path, json);

    private static async Task<HttpResponseMessage> SendJsonAsync(PublisherSimulator simulator, HttpMethod method, string pathAndQuery, string json)
    {
        using var request = new HttpRequestMessage(method, new Uri(simulator.BaseUrl + pathAndQuery)) { Content = FhirContent(json) };
        return await Http.SendAsync(request);
    }

    private static StringContent FhirContent(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    private static string Json(Resource resource) => JsonSerializer.Serialize(resource, FhirOptions);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
        where T : Resource => JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(), FhirOptions)!;

    private static async Task AssertRefusedAsync(PublisherSimulator simulator, HttpResponseMessage response, HttpStatusCode expected, string why, int expectedAccounts = 0)
    {
        var outcome = await ReadAsync<OperationOutcome>(response);
        var received = simulator.ReceivedRegulatorRequests.Last();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected), why);
            Assert.That(outcome.Issue, Is.Not.Empty.And.All.Property(nameof(OperationOutcome.IssueComponent.Severity)).EqualTo(OperationOutcome.IssueSeverity.Error));
            Assert.That(simulator.RegulatorAccounts, Has.Count.EqualTo(expectedAccounts), "nothing written");
            Assert.That((received.StatusCode, received.Applied), Is.EqualTo(((int?)(int)expected, false)));
        });
    }

    private static HttpClient TlsClient(X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificates.Add(clientCertificate);
        }

        return new HttpClient(handler);
    }
}
