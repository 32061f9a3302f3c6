using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Sas.Interop.Testing;

/// <summary>
/// The ANS SAS IG package, read in place from <c>shared/sas-ig</c> beside the repository (never copied into it).
/// Tests that need it are ignored, with the reason, when it is absent.
/// </summary>
public static class IgPackage
{
    public const string PsBundle = "Bundle-ExampleBundlePSIndiv.json";
    public const string CptsBundle1 = "Bundle-ExampleBundleCPTS1.json";
    public const string CptsBundle2 = "Bundle-ExampleBundleCPTS2.json";
    public const string SosBundle = "Bundle-ExampleBundleAgregateurSOS.json";

    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The package folder, or <c>null</c> when it is not beside the repository.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Text of an example file; ignores the calling test when the package or the file is missing.</summary>
    public static string ReadExample(string fileName)
    {
        var root = Root.Value;
        if (root is null)
        {
            Assert.Ignore("The SAS IG package (shared/sas-ig beside the repository) is not available; IG example checks skipped.");
        }

        var path = Path.Combine(root!, "example", fileName);
        if (!File.Exists(path))
        {
            Assert.Ignore($"The IG example {fileName} is not in {Path.GetDirectoryName(path)}.");
        }

        return File.ReadAllText(path);
    }

    public static Bundle ReadBundle(string fileName) => new FhirJsonDeserializer().Deserialize<Bundle>(ReadExample(fileName));

    public static T ReadResource<T>(string fileName)
        where T : Resource => new FhirJsonDeserializer().Deserialize<T>(ReadExample(fileName));

    public static IReadOnlyList<Resource> Resources(Bundle bundle) => [.. bundle.Entry.Select(e => e.Resource).OfType<Resource>()];

    private static string? FindRoot()
    {
        // SAS_IG_PACKAGE lets a developer point at a package elsewhere.
        if (Environment.GetEnvironmentVariable("SAS_IG_PACKAGE") is { Length: > 0 } configured)
        {
            return System.IO.Directory.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "sas-ig");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "example")))
            {
                return candidate;
            }
        }

        return null;
    }
}
