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

    /// <summary>Dr Pierre Foret, the practitioner of both CPTS examples.</summary>
    public const string ForetNationalId = "810002909371";

    /// <summary>SOS Médecins de Rennes (2 PFG) and SOS Médecins Lorient et agglomération (1 PFG), prefixed SIRETs.</summary>
    public const string RennesSiret = "334173748400020";
    public const string LorientSiret = "392080466300010";

    /// <summary>
    /// The SOS example's search in its correct form (its self link; digest §2.4): '|' as %7C, the offsets' '+'
    /// unescaped as the IG writes them.
    /// </summary>
    public const string SosExampleQuery =
        "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
        + "&_has:Slot:schedule:start=ge2023-08-18T09:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00+02:00"
        + "&_has:Slot:schedule:status=free"
        + "&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C392080466300010&_count=1000";

    /// <summary>Window of the example search (its self link).</summary>
    public static readonly DateTimeOffset WindowStart = DateTimeOffset.Parse("2021-11-04T14:19:35.760+00:00", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly DateTimeOffset WindowEnd = DateTimeOffset.Parse("2021-11-06T23:59:59.999+00:00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Window of the CPTS example searches (their self link).</summary>
    public static readonly DateTimeOffset CptsWindowStart = DateTimeOffset.Parse("2024-06-12T16:20:00.000+02:00", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly DateTimeOffset CptsWindowEnd = DateTimeOffset.Parse("2024-06-12T17:20:00.000+02:00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Window of the SOS example search (its self link).</summary>
    public static readonly DateTimeOffset SosWindowStart = DateTimeOffset.Parse("2023-08-18T09:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly DateTimeOffset SosWindowEnd = DateTimeOffset.Parse("2023-08-20T08:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir();
    private static readonly FhirJsonDeserializer LenientDeserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    public static Bundle PsIndividualBundle() =>
        JsonSerializer.Deserialize<Bundle>(IgPackage.ReadExample(IgPackage.PsBundle), Options)!;

    /// <summary>
    /// An example Bundle read leniently: the CPTS examples' <c>fullUrl</c>s (<c>https://&lt;base_URl&gt;/…</c>) are not
    /// valid URIs, and only their resources matter here.
    /// </summary>
    public static Bundle ReadBundle(string fileName)
    {
        LenientDeserializer.TryDeserializeResource(IgPackage.ReadExample(fileName), out var resource, out _);
        return (Bundle)resource!;
    }

    /// <summary>"Type/id" of each entry's resource, in bundle order.</summary>
    public static List<string> Keys(IEnumerable<Resource> resources) => [.. resources.Select(r => r.TypeName + "/" + r.Id)];

    /// <summary>The resource as FHIR JSON, for content comparisons.</summary>
    public static string Json(Resource resource) => JsonSerializer.Serialize(resource, Options);

    public static Resource Read(string fileName) =>
        JsonSerializer.Deserialize<Resource>(IgPackage.ReadExample(fileName), Options)!;
}
