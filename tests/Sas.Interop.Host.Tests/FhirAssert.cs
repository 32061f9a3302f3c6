using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Sas.Interop.Host.Tests;

/// <summary>Reads hub responses the way a SAS client would: strict Firely parsing of application/fhir+json.</summary>
internal static class FhirAssert
{
    private static readonly FhirJsonDeserializer Strict = new();

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
        where T : Resource
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"));
        return Strict.Deserialize<T>(body);
    }

    public static async Task<OperationOutcome> ReadOutcomeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var outcome = await ReadAsync<OperationOutcome>(response, expected);
        Assert.That(outcome.Issue, Is.Not.Empty);
        Assert.That(outcome.Issue.All(i => !string.IsNullOrWhiteSpace(i.Diagnostics)), "every issue says what is wrong");
        return outcome;
    }
}
