using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Fhir.Elements;
using Sas.Interop.Testing;

namespace Sas.Interop.Fhir.Tests.Capability;

/// <summary>The home-visit perimeter extension's StructureDefinition and its example for publishers, in fhir-profiles/, are valid FHIR and what the hub reads.</summary>
public sealed class CommittedHomeVisitPerimeterDefinitionTests
{
    private static readonly FhirJsonDeserializer Strict = new();

    [Test]
    public void The_StructureDefinition_is_the_extension_the_hub_reads()
    {
        var definition = Strict.Deserialize<StructureDefinition>(File.ReadAllText(RepositoryFiles.PathOf("fhir-profiles/StructureDefinition-practitionerrole-home-visit-radius.json")));

        Assert.That(definition.Url, Is.EqualTo(HomeVisitPerimeter.ExtensionUrl));
        Assert.That(definition.Type, Is.EqualTo("Extension"));
        Assert.That(definition.Context.Single().Expression, Is.EqualTo("PractitionerRole"));
    }

    [Test]
    public void The_publishers_example_carries_a_15_km_perimeter()
    {
        var role = Strict.Deserialize<PractitionerRole>(File.ReadAllText(RepositoryFiles.PathOf("fhir-profiles/PractitionerRole-example-home-visit-radius.json")));

        Assert.That(HomeVisitPerimeter.Read(role, out var problem), Is.EqualTo(15_000));
        Assert.That(problem, Is.Null);
    }
}
