using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir.Tests.Connector;

/// <summary>What the connector accepts from sloppy publishers and what fails a batch as Malformed.</summary>
public sealed class SearchResponseReaderTests
{
    [Test]
    public async System.Threading.Tasks.Task Unknown_elements_and_sloppy_values_do_not_fail_the_bundle()
    {
        const string body = """
            {"resourceType":"Bundle","type":"searchset","total":1,"vendorExtra":true,
             "entry":[{"resource":{"resourceType":"Slot","id":"a","status":"free","bogus":"x",
               "start":"2025-03-10T10:00:00+01:00","end":"2025-03-10T10:15:00+01:00","schedule":{"reference":"Schedule/s"}}}]}
            """;

        var bundle = await ReadAsync(HttpStatusCode.OK, body);

        Assert.That(bundle.Entry.Single().Resource, Is.TypeOf<Slot>().With.Property("Id").EqualTo("a"));
    }

    [TestCase("<html>oops</html>")]
    [TestCase("""{"resourceType":"Bundle","type":""")]
    [TestCase("[1,2]")]
    [TestCase("")]
    public void An_unreadable_body_is_Malformed(string body) =>
        Assert.That(async () => await ReadAsync(HttpStatusCode.OK, body),
            Throws.TypeOf<SasFhirFetchException>().With.Property(nameof(SasFhirFetchException.Kind)).EqualTo(ConnectorFailureKind.Malformed));

    [Test]
    public void Another_resource_than_a_Bundle_is_Malformed() =>
        Assert.That(async () => await ReadAsync(HttpStatusCode.OK, """{"resourceType":"Patient","id":"p"}"""),
            Throws.TypeOf<SasFhirFetchException>().With.Message.EqualTo("Expected a searchset Bundle, got a Patient."));

    [Test]
    public void An_error_status_carries_the_OperationOutcome_diagnostics() =>
        Assert.That(async () => await ReadAsync(HttpStatusCode.BadRequest, """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"start: both bounds are required"}]}"""),
            Throws.TypeOf<SasFhirFetchException>()
                .With.Property(nameof(SasFhirFetchException.Kind)).EqualTo(ConnectorFailureKind.HttpStatus)
                .And.Message.EqualTo("HTTP 400 Bad Request: start: both bounds are required"));

    private static async Task<Bundle> ReadAsync(HttpStatusCode status, string body)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/fhir+json") };
        return await SearchResponseReader.ReadBundleAsync(response, CancellationToken.None);
    }
}
