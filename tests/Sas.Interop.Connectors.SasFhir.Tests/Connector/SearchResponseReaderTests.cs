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

    // Issue #14 case 2: valid JSON holding values Firely cannot hold is parsed leniently (the normaliser reports them
    // per resource); it must not fail the batch.
    [TestCase("\"position\":{\"latitude\":1e30,\"longitude\":0.6}")]
    [TestCase("\"position\":{\"latitude\":1e400,\"longitude\":-1e400}")]
    [TestCase("\"position\":{\"latitude\":\"north\",\"longitude\":true}")]
    [TestCase("\"telecom\":[{\"system\":\"phone\",\"value\":33561000000,\"rank\":99999999999999999999999}]")]
    [TestCase("\"hoursOfOperation\":[{\"daysOfWeek\":[\"someday\"],\"allDay\":\"yes\",\"openingTime\":\"25:61\"}]")]
    [TestCase("\"name\":12.5e300")]
    public async System.Threading.Tasks.Task Values_Firely_cannot_hold_do_not_fail_the_bundle(string hostile)
    {
        var body = """
            {"resourceType":"Bundle","type":"searchset","total":99999999999999999999,
             "entry":[{"resource":{"resourceType":"PractitionerRole","id":"r","contained":[{"resourceType":"Location","id":"l",HOSTILE}],
               "location":[{"reference":"#l"}]}},
              {"resource":{"resourceType":"Slot","id":"a","status":"free",
               "start":"2025-03-10T10:00:00+01:00","end":"2025-03-10T10:15:00+01:00","schedule":{"reference":"Schedule/s"}}}]}
            """.Replace("HOSTILE", hostile, StringComparison.Ordinal);

        var bundle = await ReadAsync(HttpStatusCode.OK, body);

        Assert.That(bundle.Entry.Select(e => e.Resource?.TypeName), Is.EqualTo(new[] { "PractitionerRole", "Slot" }));
    }

    [TestCase("utf-8", true)]
    [TestCase("utf-8", false)]
    [TestCase("iso-8859-1", false)]
    [TestCase(null, true)]
    public async System.Threading.Tasks.Task Bodies_are_read_in_their_declared_charset_with_or_without_a_byte_order_mark(string? charset, bool byteOrderMark)
    {
        // Parsed from the UTF-8 bytes (no string in between) unless another charset is declared.
        const string body = """{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Slot","id":"a","status":"free","comment":"Créneau à Agen – rdv","start":"2025-03-10T10:00:00+01:00","end":"2025-03-10T10:15:00+01:00","schedule":{"reference":"Schedule/s"}}}]}""";
        var encoding = charset == "iso-8859-1" ? Encoding.Latin1 : new UTF8Encoding(byteOrderMark);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(body.Replace("–", "-", StringComparison.Ordinal))).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json") { CharSet = charset };
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };

        var bundle = await SearchResponseReader.ReadBundleAsync(response, CancellationToken.None);

        Assert.That(((Slot)bundle.Entry.Single().Resource).Comment, Is.EqualTo("Créneau à Agen - rdv"));
    }

    [TestCase("<html>oops</html>")]
    [TestCase("""{"resourceType":"Bundle","type":""")]
    [TestCase("[1,2]")]
    [TestCase("")]
    [TestCase(" \r\n ")]
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
