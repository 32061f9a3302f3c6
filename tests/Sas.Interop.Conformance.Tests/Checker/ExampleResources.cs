using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Testing;

namespace Sas.Interop.Conformance.Tests.Checker;

/// <summary>IG examples read leniently: the CPTS bundles' fullUrls (<c>https://&lt;base_URl&gt;/…</c>) are not valid URIs.</summary>
internal static class ExampleResources
{
    private static readonly FhirJsonDeserializer Lenient = new(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));

    public static Resource Read(string fileName) => Lenient.Deserialize<Resource>(IgPackage.ReadExample(fileName));

    public static T Read<T>(string fileName)
        where T : Resource => (T)Read(fileName);
}
