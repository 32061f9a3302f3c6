using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Testing;

namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>The IG's CapabilityStatements, read in place from the IG package (CapabilityStatement-&lt;id&gt;.json).</summary>
internal static class IgCapabilityStatements
{
    public const string CanonicalBase = "https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/";

    public const string PsIndiv = "SAS-GestionnaireAgenda-PsIndiv";
    public const string Cpts = "SAS-GestionnaireAgenda-CPTS";
    public const string Sos = "SAS-GestionnaireAgenda-SOS";
    public const string RdvPsIndiv = "SAS-GestionnaireAgenda-RDVpsindiv";
    public const string RdvSos = "SAS-GestionnaireAgenda-RDVSOS";
    public const string Structure = "SAS-GestionnaireStructure";

    private static readonly FhirJsonDeserializer Deserializer = new();

    /// <summary>The statement by id; ignores the calling test when the package is not beside the repository.</summary>
    public static CapabilityStatement Read(string id)
    {
        if (IgPackage.Directory is not { } root)
        {
            Assert.Ignore("The SAS IG package (shared/sas-ig beside the repository) is not available; declared-conformance checks skipped.");
            throw new InvalidOperationException("unreachable");
        }

        var path = Path.Combine(root, $"CapabilityStatement-{id}.json");
        Assert.That(File.Exists(path), Is.True, $"{path} is not in the IG package");
        var statement = Deserializer.Deserialize<CapabilityStatement>(File.ReadAllText(path));
        Assert.That(statement.Url, Is.EqualTo(CanonicalBase + id), "the canonical the hub instantiates is the IG's");
        return statement;
    }
}
