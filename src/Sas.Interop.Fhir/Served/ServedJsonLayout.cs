using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Served;

/// <summary>
/// The stored form of a served resource: a 9-byte header then the resource's JSON, exactly as
/// <see cref="FhirJson"/> writes it, minus the value of <c>meta.lastUpdated</c>.
/// <list type="bullet">
/// <item>byte 0: the format (<see cref="ServedResourceRenderer.CurrentFormat"/>);</item>
/// <item>bytes 1–4: where the <c>meta.lastUpdated</c> value goes (little-endian, from the start of the JSON): it is
/// the fetch time, which every re-sync refreshes, so it is spliced in when served rather than stored;</item>
/// <item>bytes 5–8: where the <c>meta</c> object closes, for a <c>meta.tag</c> (the stale tag) to go in.</item>
/// </list>
/// </summary>
internal static class ServedJsonLayout
{
    public const int HeaderLength = 9;

    public static byte[] Encode(byte format, Resource resource)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        FhirJson.Serialize(resource, buffer);
        var json = buffer.WrittenSpan;
        var (valueStart, valueEnd, metaEnd) = Locate(json);
        var cut = valueEnd - valueStart;
        var encoded = new byte[HeaderLength + json.Length - cut];
        encoded[0] = format;
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(1), valueStart);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(5), metaEnd - cut);
        json[..valueStart].CopyTo(encoded.AsSpan(HeaderLength));
        json[valueEnd..].CopyTo(encoded.AsSpan(HeaderLength + valueStart));
        return encoded;
    }

    /// <summary>The JSON before the lastUpdated value, between it and the end of meta, and after.</summary>
    public static (ReadOnlyMemory<byte> BeforeLastUpdated, ReadOnlyMemory<byte> RestOfMeta, ReadOnlyMemory<byte> AfterMeta) Split(byte[] encoded)
    {
        var lastUpdated = BinaryPrimitives.ReadInt32LittleEndian(encoded.AsSpan(1));
        var metaEnd = BinaryPrimitives.ReadInt32LittleEndian(encoded.AsSpan(5));
        var json = encoded.AsMemory(HeaderLength);
        return (json[..lastUpdated], json[lastUpdated..metaEnd], json[metaEnd..]);
    }

    // Positions in the resource's own meta (depth 1), never in a contained resource's.
    private static (int ValueStart, int ValueEnd, int MetaEnd) Locate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        int? valueStart = null, valueEnd = null;
        var inMeta = false;
        while (reader.Read())
        {
            if (!inMeta)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("meta"u8))
                {
                    inMeta = true;
                    reader.Read();
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
                {
                    reader.Skip();
                }

                continue;
            }

            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("lastUpdated"u8))
            {
                reader.Read();
                valueStart = (int)reader.TokenStartIndex;
                valueEnd = (int)reader.BytesConsumed;
            }
            else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1)
            {
                if (valueStart is null)
                {
                    break;
                }

                return (valueStart.Value, valueEnd!.Value, (int)reader.TokenStartIndex);
            }
        }

        throw new InvalidOperationException("A served resource must carry meta.lastUpdated (the facade splices the fetch time there).");
    }
}
