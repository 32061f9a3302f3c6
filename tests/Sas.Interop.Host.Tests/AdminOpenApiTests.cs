using System.Net;
using System.Text.Json;

namespace Sas.Interop.Host.Tests;

/// <summary>The operator API describes itself in OpenAPI at /admin/openapi.json, behind the admin key.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class AdminOpenApiTests
{
    [Test]
    public async Task The_admin_OpenAPI_document_lists_the_admin_routes_and_nothing_of_FHIR()
    {
        await using var hub = await RunningHub.StartAsync(new Dictionary<string, string>());

        using var response = await hub.Http.GetAsync("admin/openapi.json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.That(root.GetProperty("openapi").GetString(), Does.StartWith("3."));
        Assert.That(root.GetProperty("info").GetProperty("title").GetString(), Is.Not.Empty);
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/admin/connectors",
            "/admin/connectors/{instanceId}/sync",
            "/admin/appointments/relay",
            "/admin/kpis",
        }));
        Assert.That(paths, Has.Some.StartsWith("/admin/booking-claims"));
        Assert.That(paths, Has.All.StartsWith("/admin/"), "only the operator API: FHIR has its CapabilityStatement");
        Assert.That(root.GetProperty("paths").GetProperty("/admin/connectors/{instanceId}/sync").TryGetProperty("post", out _), "operations keep their method");
    }

    [Test]
    public async Task The_admin_OpenAPI_document_needs_the_admin_key()
    {
        await using var hub = await RunningHub.StartAsync(new Dictionary<string, string>());
        using var anonymous = new HttpClient { BaseAddress = new Uri(hub.BaseUrl) };

        Assert.That((await anonymous.GetAsync("admin/openapi.json")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
