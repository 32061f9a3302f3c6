using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Host.Push;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>SAS consumer identities on reads, and no credential crossing between admin, push and reads.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class FhirClientIdentityTests
{
    private const string ConsumerKey = "sas-consumer-key-93ab";
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task With_a_consumer_configured_reads_need_a_consumer_identity_and_metadata_stays_open()
    {
        await using var hub = await StartAsync(new() { ["Consumers:sas:ApiKeys:0"] = ConsumerKey });
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var consumer = new PushClient(hub, ConsumerKey);
        using var anonymous = new PushClient(hub, apiKey: null);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);

        await FhirAssert.ReadOutcomeAsync(await anonymous.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.Unauthorized);
        await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.Unauthorized); // the admin key is not a SAS identity
        var forbidden = await FhirAssert.ReadOutcomeAsync(await alpha.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.Forbidden);
        Assert.That(forbidden.Issue[0].Diagnostics, Does.Contain("Consumers:"));
        var answer = await FhirAssert.ReadAsync<Bundle>(await consumer.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(4));

        await FhirAssert.ReadAsync<CapabilityStatement>(await anonymous.Http.GetAsync("fhir/metadata"), HttpStatusCode.OK);
        await FhirAssert.ReadOutcomeAsync(await consumer.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.Forbidden); // a consumer may not write
    }

    [TestCase("fhir/Slot/$availability?schedule.actor:Practitioner.identifier=810002909371")]
    [TestCase("fhir/$last-solicited?practitioner=810002909371")]
    [TestCase("fhir/Schedule?_revinclude=Slot:schedule")]
    public async Task Every_SAS_read_route_needs_a_consumer_identity_once_one_is_configured(string route)
    {
        await using var hub = await StartAsync(new() { ["Consumers:sas:ApiKeys:0"] = ConsumerKey });
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var consumer = new PushClient(hub, ConsumerKey);
        using var anonymous = new PushClient(hub, apiKey: null);

        await FhirAssert.ReadOutcomeAsync(await anonymous.Http.GetAsync(route), HttpStatusCode.Unauthorized);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.GetAsync(route), HttpStatusCode.Forbidden);
        using var answer = await consumer.Http.GetAsync(route);
        Assert.That(answer.StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized).And.Not.EqualTo(HttpStatusCode.Forbidden), "the consumer gets past authorisation");
    }

    [Test]
    public async Task An_admin_key_is_refused_by_the_push_API_and_a_publisher_key_by_admin()
    {
        await using var hub = await StartAsync();
        using var withAdminKey = new PushClient(hub, RunningHub.AdminKey);
        using var alpha = new PushClient(hub, PushClient.AlphaKey);

        await FhirAssert.ReadOutcomeAsync(await withAdminKey.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.Unauthorized);
        await FhirAssert.ReadOutcomeAsync(await withAdminKey.Http.DeleteAsync("fhir/Slot/x"), HttpStatusCode.Unauthorized);
        Assert.That((await alpha.Http.GetAsync("admin/connectors")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await alpha.Http.GetAsync($"admin/connectors?api_key={PushClient.AlphaKey}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await withAdminKey.Http.GetAsync("admin/connectors")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key itself works where it belongs");
    }

    [TestCase("Admin:ApiKeys:0", "Publishers:alpha:ApiKeys:1")]
    [TestCase("Publishers:alpha:ApiKeys:1", "Consumers:sas:ApiKeys:0")]
    [TestCase("Admin:ApiKeys:0", "Consumers:sas:ApiKeys:0")]
    [TestCase("Publishers:beta:ApiKeys:1", "Publishers:alpha:ApiKeys:1")]
    public void One_key_configured_for_two_clients_stops_the_hub_without_printing_it(string first, string second)
    {
        const string secret = "shared-secret-5e1d";
        var settings = PushClient.Settings(new() { [first] = secret, [second] = secret, ["Consumers:sas:ApiKeys:5"] = ConsumerKey });

        var error = Assert.ThrowsAsync<ClientConfigurationException>(async () => await RunningHub.StartAsync(settings, withAdminKey: false));

        Assert.That(error!.Message, Does.Contain(first).And.Contain(second));
        Assert.That(error.Message, Does.Not.Contain(secret));
    }

    [Test]
    public void A_certificate_configured_for_a_publisher_and_a_consumer_stops_the_hub()
    {
        var settings = PushClient.Settings(new()
        {
            ["Publishers:alpha:CertificateThumbprints:0"] = "ab:cd:ef:01",
            ["Consumers:sas:CertificateThumbprints:0"] = "ABCDEF01",
        });

        var error = Assert.ThrowsAsync<ClientConfigurationException>(async () => await RunningHub.StartAsync(settings));

        Assert.That(error!.Message, Does.Contain("Consumers:sas:CertificateThumbprints:0"));
    }

    [Test]
    public void A_consumer_without_credentials_stops_the_hub()
    {
        var error = Assert.ThrowsAsync<ClientConfigurationException>(async () => await RunningHub.StartAsync(PushClient.Settings(new() { ["Consumers:sas:Name"] = "x" })));
        Assert.That(error!.Message, Does.Contain("Consumers:sas"));
    }

    private static Task<RunningHub> StartAsync(Dictionary<string, string>? more = null) =>
        RunningHub.StartAsync(PushClient.Settings(more), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));
}
