using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Fhir.Availability;
using Sas.Interop.Fhir.Capability;
using Sas.Interop.Testing;

namespace Sas.Interop.Fhir.Tests.Capability;

/// <summary>The hub's own SearchParameter and OperationDefinition in fhir-profiles/ are valid FHIR and the ones the CapabilityStatement names.</summary>
public sealed class CommittedExtensionDefinitionsTests
{
    private static readonly FhirJsonDeserializer Strict = new();

    [Test]
    public void The_hub_near_SearchParameter_is_the_one_the_statement_names()
    {
        var parameter = Strict.Deserialize<SearchParameter>(File.ReadAllText(RepositoryFiles.PathOf("fhir-profiles/SearchParameter-slot-hub-near.json")));

        Assert.That(parameter.Url, Is.EqualTo(CapabilityStatementFactory.HubNearSearchParameter));
        Assert.That(parameter.Code, Is.EqualTo("hub-near"));
        Assert.That(parameter.Base, Is.EqualTo(new ResourceType?[] { ResourceType.Slot }));
    }

    [Test]
    public void The_hub_overbooked_SearchParameter_is_the_one_the_statement_names()
    {
        var parameter = Strict.Deserialize<SearchParameter>(File.ReadAllText(RepositoryFiles.PathOf("fhir-profiles/SearchParameter-slot-hub-overbooked.json")));
        var statement = CapabilityStatementFactory.Create("https://hub.example.fr/fhir", "1.0.0");

        Assert.That(parameter.Url, Is.EqualTo(CapabilityStatementFactory.HubOverbookedSearchParameter));
        Assert.That(parameter.Code, Is.EqualTo("hub-overbooked"));
        Assert.That(parameter.Base, Is.EqualTo(new ResourceType?[] { ResourceType.Slot }));
        Assert.That(statement.Rest[0].Resource.Single(r => r.Type == "Slot").SearchParam.Single(p => p.Name == parameter.Code).Definition, Is.EqualTo(parameter.Url));
    }

    [Test]
    public void The_availability_OperationDefinition_is_the_one_the_statement_names()
    {
        var operation = Strict.Deserialize<OperationDefinition>(File.ReadAllText(RepositoryFiles.PathOf("fhir-profiles/OperationDefinition-slot-availability.json")));
        var statement = CapabilityStatementFactory.Create("https://hub.example.fr/fhir", "1.0.0");

        Assert.That(operation.Url, Is.EqualTo(CapabilityStatementFactory.AvailabilityOperation));
        Assert.That(statement.Rest[0].Resource.Single(r => r.Type == "Slot").Operation.Single().Definition, Is.EqualTo(operation.Url));
        Assert.That(operation.Code, Is.EqualTo("availability"));
        Assert.That(
            operation.Parameter.Where(p => p.Use == OperationParameterUse.In).Select(p => p.Name),
            Is.EquivalentTo(new[] { AvailabilityRequestParser.PractitionerIdentifier, AvailabilityRequestParser.FromName, AvailabilityRequestParser.ServiceTypeName, AvailabilityRequestParser.SecurityName, AvailabilityRequestParser.OverbookedName }),
            "the parameters the parser reads");
        var availability = operation.Parameter.Single(p => p.Name == "practitioner").Part.Single(p => p.Name == "availability");
        Assert.That(availability.Part.Select(p => p.Name), Is.EqualTo(new[] { "horizon", "end", "count", "mode" }));
        Assert.That(availability.Part.Single(p => p.Name == "mode").Part.Select(p => p.Name), Is.EqualTo(new[] { "code", "count" }));
    }

    [Test]
    public void The_last_solicited_OperationDefinition_is_the_one_the_statement_names()
    {
        var operation = Strict.Deserialize<OperationDefinition>(File.ReadAllText(RepositoryFiles.PathOf("fhir-profiles/OperationDefinition-last-solicited.json")));
        var statement = CapabilityStatementFactory.Create("https://hub.example.fr/fhir", "1.0.0");

        Assert.That(operation.Url, Is.EqualTo(CapabilityStatementFactory.LastSolicitedDefinition));
        Assert.That(statement.Rest[0].Operation.Single(o => o.Name == "last-solicited").Definition, Is.EqualTo(operation.Url));
        Assert.That(operation.Code, Is.EqualTo("last-solicited"));
        Assert.That(operation.System, Is.True, "called on the base, GET [base]/$last-solicited");
    }
}
