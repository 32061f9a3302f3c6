using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Sas.Interop.Connectors.SasFhir.Tests;

/// <summary>
/// The IG example resources, read where the IG package lives (SAS_IG_EXAMPLES, else the shared checkout);
/// they are never copied into the repository. Tests needing them are ignored when they are absent.
/// </summary>
internal static class IgExamples
{
    public const string ThomasNationalId = "810100050075";
    public const string MarcelNationalId = "810002673899";

    /// <summary>Window of the example search (its self link).</summary>
    public static readonly DateTimeOffset WindowStart = DateTimeOffset.Parse("2021-11-04T14:19:35.760+00:00", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly DateTimeOffset WindowEnd = DateTimeOffset.Parse("2021-11-06T23:59:59.999+00:00", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir();

    public static Bundle PsIndividualBundle() =>
        JsonSerializer.Deserialize<Bundle>(File.ReadAllText(PathOf("Bundle-ExampleBundlePSIndiv.json")), Options)!;

    public static Resource Read(string fileName) =>
        JsonSerializer.Deserialize<Resource>(File.ReadAllText(PathOf(fileName)), Options)!;

    private static string PathOf(string fileName)
    {
        var directory = Environment.GetEnvironmentVariable("SAS_IG_EXAMPLES") is { Length: > 0 } configured ? configured : "/work/shared/sas-ig/example";
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            Assert.Ignore($"IG example {fileName} not found in {directory} (set SAS_IG_EXAMPLES).");
        }

        return path;
    }
}
