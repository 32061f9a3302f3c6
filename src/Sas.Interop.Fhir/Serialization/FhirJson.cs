using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Sas.Interop.Fhir.Serialization;

/// <summary>The one configured Firely JSON serializer and parser of the hub.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    private const int MaxReportedParseErrors = 5;

    private static readonly FhirJsonSerializer Serializer = new();

    // What SerializeToString uses too: French text and '+' offsets stay readable, byte for byte the same output.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Publishers are sloppy: in Recoverable mode unknown elements and unknown codes go to the POCO's overflow
    // instead of failing the whole batch; the normaliser then judges each value it actually reads.
    private static readonly FhirJsonDeserializer LenientDeserializer =
        new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    private static readonly FhirJsonDeserializer StrictDeserializer =
        new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private static readonly JsonWriterOptions PrettyWriterOptions = WriterOptions with { Indented = true };

    public static string Serialize(Resource resource) => Serialize(resource, pretty: false);

    public static string Serialize(Resource resource, bool pretty)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Serializer.SerializeToString(resource, pretty);
    }

    /// <summary>
    /// Writes the same UTF-8 bytes as <see cref="Serialize(Resource)"/> straight into <paramref name="output"/>
    /// (e.g. an HTTP response's <c>BodyWriter</c>): a searchset is hundreds of KB, and going through a string costs
    /// two large-object-heap buffers and a transcoding per request.
    /// </summary>
    public static void Serialize(Resource resource, IBufferWriter<byte> output) => Serialize(resource, output, pretty: false);

    /// <summary>As <see cref="Serialize(Resource, IBufferWriter{byte})"/>, indented when <paramref name="pretty"/> (<c>_pretty=true</c>).</summary>
    public static void Serialize(Resource resource, IBufferWriter<byte> output, bool pretty)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, pretty ? PrettyWriterOptions : WriterOptions);
        Serializer.Serialize(resource, writer);
        writer.Flush();
    }

    /// <summary>Parses JSON into a resource; throws <see cref="FormatException"/> with a readable message on bad input.</summary>
    /// <remarks>Lenient: unknown elements and unknown codes are kept aside rather than rejected.</remarks>
    public static T Parse<T>(string json)
        where T : Resource => Parse<T>(json, LenientDeserializer);

    /// <summary>Like <see cref="Parse{T}(string)"/> but rejects anything the FHIR R4 JSON rules do not allow.</summary>
    public static T ParseStrict<T>(string json)
        where T : Resource => Parse<T>(json, StrictDeserializer);

    private static T Parse<T>(string json, FhirJsonDeserializer deserializer)
        where T : Resource
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new FormatException("The body is empty: expected a FHIR R4 JSON resource.");
        }

        Resource resource;
        try
        {
            resource = deserializer.DeserializeResource(json);
        }
        catch (DeserializationFailedException ex)
        {
            var details = string.Join("; ", ex.Exceptions.Take(MaxReportedParseErrors).Select(e => e.Message));
            throw new FormatException($"The body is not a valid FHIR R4 JSON resource: {details}", ex);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The body is not valid JSON: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is CodedException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"The body is not a valid FHIR R4 JSON resource: {ex.Message}", ex);
        }

        // In lenient mode Firely turns a missing or unknown resourceType into a dynamic resource instead of failing.
        if (!ModelInfo.IsKnownResource(resource.TypeName))
        {
            throw new FormatException("The body is not a FHIR R4 resource: 'resourceType' is missing or unknown.");
        }

        return resource as T
            ?? throw new FormatException($"Expected a FHIR {typeof(T).Name} but the body is a {resource.TypeName}.");
    }
}
