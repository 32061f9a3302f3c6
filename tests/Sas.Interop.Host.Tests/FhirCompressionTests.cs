using System.IO.Compression;
using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Testing;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// <c>Accept-Encoding: gzip</c> and <c>br</c> on <c>/fhir</c> (issue #20): the compressed answer is the identity answer's
/// bytes, <c>Vary</c> says answers depend on the header, refusals (<c>q=0</c>, <c>identity</c>) and
/// <c>Fhir:Compression</c> are honoured, and <c>/admin</c> and <c>/metrics</c> stay as they were.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class FhirCompressionTests
{
    // The same W3C trace on every request: an OperationOutcome's id is the trace id, so two answers can be compared.
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [TestCase("gzip")]
    [TestCase("br")]
    public async Task A_compressed_search_read_and_OperationOutcome_decompress_to_the_identity_answers_bytes(string encoding)
    {
        await using var hub = await StartWithPsExampleAsync();
        var search = PushClient.PsExampleSearch();
        var slotUrl = (await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(search), HttpStatusCode.OK)).Entry[0].FullUrl;
        var slotPath = new Uri(slotUrl).PathAndQuery.TrimStart('/');

        foreach (var (path, status) in new[] { (search, HttpStatusCode.OK), (slotPath, HttpStatusCode.OK), ("fhir/Slot/bad%20id", HttpStatusCode.BadRequest) })
        {
            var (identityResponse, identity) = await GetAsync(hub, path, acceptEncoding: null);
            var (compressedResponse, compressed) = await GetAsync(hub, path, encoding);

            Assert.That(identityResponse.StatusCode, Is.EqualTo(status), path);
            Assert.That(compressedResponse.StatusCode, Is.EqualTo(status), path);
            Assert.That(identityResponse.Content.Headers.ContentEncoding, Is.Empty, path);
            Assert.That(compressedResponse.Content.Headers.ContentEncoding, Is.EqualTo(new[] { encoding }), path);
            Assert.That(compressedResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"), path);
            if (path == search)
            {
                Assert.That(compressed, Has.Length.LessThan(identity.Length / 3), "a searchset of four slots compresses well");
            }

            Assert.That(Decompress(compressed, encoding), Is.EqualTo(identity), path + ": the decompressed answer is the identity answer, byte for byte");
            Assert.That(identityResponse.Headers.Vary, Does.Contain("Accept-Encoding"), path + " without Accept-Encoding");
            Assert.That(compressedResponse.Headers.Vary, Does.Contain("Accept-Encoding"), path + " with " + encoding);
        }
    }

    [TestCase("identity")]
    [TestCase("gzip;q=0")]
    [TestCase("gzip;q=0, br;q=0")]
    [TestCase("deflate")]
    public async Task An_encoding_refused_or_not_offered_leaves_the_answer_as_it_is(string acceptEncoding)
    {
        await using var hub = await StartWithPsExampleAsync();
        var (plain, identity) = await GetAsync(hub, PushClient.PsExampleSearch(), acceptEncoding: null);
        var (response, body) = await GetAsync(hub, PushClient.PsExampleSearch(), acceptEncoding);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(body, Is.EqualTo(identity));
        Assert.That(response.Headers.Vary, Does.Contain("Accept-Encoding"));
        Assert.That(plain.Headers.Vary.Count(v => v == "Accept-Encoding"), Is.EqualTo(1), "said once");
    }

    [Test]
    public async Task Q_values_choose_between_gzip_and_brotli_and_gzip_wins_a_tie()
    {
        await using var hub = await StartWithPsExampleAsync();

        Assert.That((await GetAsync(hub, PushClient.PsExampleSearch(), "br;q=0, gzip")).Response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That((await GetAsync(hub, PushClient.PsExampleSearch(), "gzip;q=1, br;q=0.5")).Response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That((await GetAsync(hub, PushClient.PsExampleSearch(), "gzip;q=0.5, br")).Response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That((await GetAsync(hub, PushClient.PsExampleSearch(), "gzip, deflate, br")).Response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }), "the cheaper per CPU ms");
    }

    [Test]
    public async Task A_HEAD_request_asking_for_gzip_gets_the_same_status_as_without_and_no_body()
    {
        await using var hub = await StartWithPsExampleAsync();

        var plain = await SendAsync(hub, HttpMethod.Head, PushClient.PsExampleSearch(), acceptEncoding: null);
        var gzip = await SendAsync(hub, HttpMethod.Head, PushClient.PsExampleSearch(), "gzip");

        Assert.That(gzip.Response.StatusCode, Is.EqualTo(plain.Response.StatusCode));
        Assert.That(gzip.Body, Is.Empty);
    }

    [Test]
    public async Task Admin_answers_are_not_compressed_and_metrics_keep_the_exporters_own_gzip()
    {
        await using var hub = await StartWithPsExampleAsync();

        foreach (var path in new[] { "admin/connectors", "admin/export.csv", "metrics" })
        {
            var (response, _) = await GetAsync(hub, path, "br");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(response.Content.Headers.ContentEncoding, Is.Empty, path);
        }

        // The Prometheus exporter gzips on its own when asked (Prometheus asks); the hub's middleware stays out of it.
        Assert.That((await GetAsync(hub, "metrics", "gzip, br")).Response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
    }

    [Test]
    public async Task With_compression_disabled_no_answer_is_encoded()
    {
        await using var hub = await RunningHub.StartAsync(
            PushClient.Settings(new() { ["Fhir:Compression:Enabled"] = "false" }),
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(FhirReadTests.PsNow)));
        using var alpha = await FhirReadTests.PushAsync(hub, IgPackage.PsBundle);

        var (response, body) = await GetAsync(hub, PushClient.PsExampleSearch(), "gzip, br");

        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(Encoding.UTF8.GetString(body), Does.StartWith("{\"resourceType\":\"Bundle\""));
    }

    [Test]
    public void A_bad_level_stops_the_start_up_naming_the_key_and_the_levels()
    {
        var settings = new Dictionary<string, string> { ["Fhir:Compression:GzipLevel"] = "Turbo", ["Fhir:Compression:BrotliLevel"] = "7" };

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(
            error!.Message,
            Does.Contain("Fhir:Compression:GzipLevel: 'Turbo' is not a compression level (Optimal, Fastest, NoCompression, SmallestSize)")
                .And.Contain("Fhir:Compression:BrotliLevel: '7' is not a compression level"));
    }

    [TestCase(null, "gzip")]
    [TestCase("false", null)]
    public async Task Over_HTTPS_answers_are_compressed_unless_EnableForHttps_is_false(string? enableForHttps, string? expected)
    {
        using var certificates = TestCertificates.Create();
        var settings = new Dictionary<string, string>
        {
            ["urls"] = "https://127.0.0.1:0",
            ["Tls:CertificatePath"] = certificates.ServerPfxPath,
            ["Tls:CertificatePassword"] = TestCertificates.ServerPassword,
        };
        if (enableForHttps is not null)
        {
            settings["Fhir:Compression:EnableForHttps"] = enableForHttps;
        }

        await using var hub = await RunningHub.StartAsync(settings);
        using var client = MutualTlsClient.Create(hub, certificates.Ca, clientCertificate: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/metadata");
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var response = await client.SendAsync(request);

        Assert.That(hub.BaseUrl, Does.StartWith("https://"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentEncoding, expected is null ? Is.Empty : Is.EqualTo(new[] { expected }));
    }

    private static async Task<RunningHub> StartWithPsExampleAsync()
    {
        var hub = await FhirReadTests.StartAsync(FhirReadTests.PsNow);
        (await FhirReadTests.PushAsync(hub, IgPackage.PsBundle)).Dispose();
        return hub;
    }

    private static Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(RunningHub hub, string path, string? acceptEncoding) =>
        SendAsync(hub, HttpMethod.Get, path, acceptEncoding);

    private static async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(RunningHub hub, HttpMethod method, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", TraceParent);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        // RunningHub's client does not decompress: the bytes read are the bytes sent.
        var response = await hub.Http.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static byte[] Decompress(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
