using Hl7.Fhir.Model;

namespace Sas.Interop.Fhir.Serialization;

/// <summary>The one configured Firely JSON serializer and parser of the hub.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    public static string Serialize(Resource resource) => throw new NotImplementedException();

    /// <summary>Parses JSON into a resource; throws <see cref="FormatException"/> with a readable message on bad input.</summary>
    public static T Parse<T>(string json)
        where T : Resource => throw new NotImplementedException();
}
