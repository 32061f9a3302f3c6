using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Testing;

namespace Sas.Interop.Fhir.Tests.TestSupport;

/// <summary>The IG examples parsed with the hub's own (lenient) parser, as ingestion reads publisher data.</summary>
internal static class IgExamples
{
    public const string PsBundle = IgPackage.PsBundle;
    public const string CptsBundle1 = IgPackage.CptsBundle1;
    public const string CptsBundle2 = IgPackage.CptsBundle2;

    public static Bundle LoadBundle(string fileName) => FhirJson.Parse<Bundle>(IgPackage.ReadExample(fileName));

    public static string ReadText(string fileName) => IgPackage.ReadExample(fileName);

    public static IReadOnlyList<Resource> Resources(Bundle bundle) => IgPackage.Resources(bundle);
}
