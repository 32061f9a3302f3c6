using Sas.Interop.Fhir.Capability;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Testing;

namespace Sas.Interop.Fhir.Tests.Capability;

/// <summary>
/// fhir-profiles/ holds the hub's CapabilityStatement as a file for readers and partners; this keeps it identical
/// to what GET /fhir/metadata serves. Run with UPDATE_SNAPSHOTS=1 to rewrite it after a deliberate change.
/// </summary>
public sealed class CommittedCapabilityStatementTests
{
    private const string RelativePath = "fhir-profiles/CapabilityStatement-sas-interop-hub.json";

    [Test]
    public void The_committed_CapabilityStatement_is_what_the_hub_serves()
    {
        var expected = FhirJson.Serialize(CapabilityStatementFactory.Create("https://hub.example.fr/fhir", "1.0.0"), pretty: true).ReplaceLineEndings("\n") + "\n";
        var path = RepositoryFiles.PathOf(RelativePath);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(File.Exists(path), $"{RelativePath} is missing; run the tests with UPDATE_SNAPSHOTS=1 to write it.");
        Assert.That(File.ReadAllText(path), Is.EqualTo(expected), $"{RelativePath} differs from CapabilityStatementFactory; run with UPDATE_SNAPSHOTS=1 and review the diff.");
    }
}
