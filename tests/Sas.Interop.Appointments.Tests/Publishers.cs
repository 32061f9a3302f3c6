using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;
using System.Text;

namespace Sas.Interop.Appointments.Tests;

/// <summary>The two publishers every test hub knows, and requests as they send them.</summary>
internal static class Publishers
{
    public const string AlphaKey = "alpha-dev-key-1";
    public const string BetaKey = "beta-dev-key-2";

    public static Dictionary<string, string> Settings(string relayEndpoint, params string[] alphaConnectors)
    {
        var settings = new Dictionary<string, string>
        {
            ["Publishers:alpha:ApiKeys:0"] = AlphaKey,
            ["Publishers:beta:ApiKeys:0"] = BetaKey,
            ["Appointments:Relay:Endpoint"] = relayEndpoint,
            ["Appointments:Relay:BaseDelay"] = "00:00:00.100",
            ["Appointments:Relay:MaxDelay"] = "00:00:00.500",
            ["Appointments:Relay:PollInterval"] = "00:00:00.500",
            ["Appointments:Relay:AttemptTimeout"] = "00:00:05",
        };
        for (var i = 0; i < alphaConnectors.Length; i++)
        {
            settings[$"Publishers:alpha:Connectors:{i}"] = alphaConnectors[i];
        }

        return settings;
    }

    /// <summary>
    /// Pushes a Practitioner as <paramref name="key"/>'s publisher: a publisher may book only for practitioners whose
    /// agendas it carries (its connectors' rosters, or what it pushed).
    /// </summary>
    public static async Task PublishPractitionerAsync(HttpClient client, string key, string nationalId)
    {
        var practitioner = new Practitioner
        {
            Id = "p" + nationalId,
            Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", nationalId)],
            Name = [new HumanName { Family = "MARTIN", Given = ["Claire"] }],
        };
        using var response = await client.SendAsync(Request(HttpMethod.Put, "fhir/Practitioner/p" + nationalId, key, FhirJson.Serialize(practitioner)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A client with no admin key: a publisher's requests carry only its own key.</summary>
    public static HttpClient Client(string baseUrl) => new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public static HttpRequestMessage Post(string key, string body) => Request(HttpMethod.Post, "fhir/Appointment", key, body);

    public static HttpRequestMessage Put(string key, string identifier, string body) =>
        Request(HttpMethod.Put, "fhir/Appointment?identifier=" + Uri.EscapeDataString(identifier), key, body);

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, string body)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }
}
