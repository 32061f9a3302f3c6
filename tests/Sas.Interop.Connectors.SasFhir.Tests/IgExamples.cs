using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Testing;

namespace Sas.Interop.Connectors.SasFhir.Tests;

/// <summary>
/// The IG example resources, read in place from the IG package beside the repository (see <see cref="IgPackage"/>).
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
        JsonSerializer.Deserialize<Bundle>(IgPackage.ReadExample(IgPackage.PsBundle), Options)!;

    public static Resource Read(string fileName) =>
        JsonSerializer.Deserialize<Resource>(IgPackage.ReadExample(fileName), Options)!;
}
