using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Tests.TestSupport;

/// <summary>
/// The IG package's examples, read in place from <c>shared/sas-ig/example</c> next to the repository root
/// (never copied into the repo). Tests that need them are ignored when the package is not there.
/// </summary>
internal static class IgExamples
{
    public const string PsBundle = "Bundle-ExampleBundlePSIndiv.json";
    public const string CptsBundle1 = "Bundle-ExampleBundleCPTS1.json";
    public const string CptsBundle2 = "Bundle-ExampleBundleCPTS2.json";

    private static readonly Lazy<string?> ExampleDirectory = new(FindExampleDirectory);

    public static Bundle LoadBundle(string fileName) => FhirJson.Parse<Bundle>(ReadText(fileName));

    public static string ReadText(string fileName)
    {
        var directory = ExampleDirectory.Value;
        if (directory is null)
        {
            Assert.Ignore("The SAS IG package (shared/sas-ig next to the repository root) is not available.");
            return string.Empty;
        }

        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            Assert.Ignore($"The IG example {fileName} is not in {directory}.");
        }

        return File.ReadAllText(path);
    }

    public static IReadOnlyList<Resource> Resources(Bundle bundle) => [.. bundle.Entry.Select(e => e.Resource).OfType<Resource>()];

    private static string? FindExampleDirectory()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "sas-ig", "example");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
