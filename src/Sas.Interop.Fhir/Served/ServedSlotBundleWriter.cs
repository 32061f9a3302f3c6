using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Served;

/// <summary>
/// Writes the PS-individuel searchset straight from stored renderings: the envelope and each entry's
/// <c>fullUrl</c> and <c>search</c> are written here, each resource is copied from its rendering with its fetch time
/// (and, for a stale slot, the stale tag) spliced into its <c>meta</c>. The output is byte for byte what
/// <see cref="SlotBundleBuilder"/> and <see cref="FhirJson"/> give for the same records (a test holds it to that),
/// without building a resource per entry: that was most of an answer's CPU.
/// </summary>
/// <param name="freshness">Tags stale slots; null (tests, tools) tags nothing.</param>
public sealed class ServedSlotBundleWriter(SlotFreshness? freshness = null)
{
    // Where a stale slot's tag is written before it is spliced into its meta; Write is synchronous, so one per thread.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    private static ArrayBufferWriter<byte> Scratch => _scratch ??= new ArrayBufferWriter<byte>(4096);

    /// <param name="output">Where the JSON goes (e.g. the response's <c>BodyWriter</c>).</param>
    /// <param name="result">What the store found, with its renderings.</param>
    /// <param name="request">The parsed request (which includes were asked).</param>
    /// <param name="baseUrl">The facade base, e.g. <c>https://hub.example/fhir</c>, without trailing slash.</param>
    /// <param name="selfUrl">The request URL, for <c>link[self]</c>.</param>
    public void Write(IBufferWriter<byte> output, ServedSlotSearchResult result, SlotSearchRequest request, string baseUrl, string selfUrl)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(selfUrl);
        if (request.IncludeCptsServices)
        {
            throw new ArgumentException("The served searchset is the PS-individuel one; a CPTS request is built by SlotBundleBuilder.", nameof(request));
        }

        var root = baseUrl.TrimEnd('/');
        using var writer = new Utf8JsonWriter(output, FhirJson.WriterOptions);

        writer.WriteStartObject();
        writer.WriteString("resourceType", "Bundle");
        writer.WriteStartObject("meta");
        writer.WriteStartArray("profile");
        writer.WriteStringValue(SasProfiles.BundlePs);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteString("type", "searchset");
        writer.WriteNumber("total", result.Total);
        writer.WriteStartArray("link");
        writer.WriteStartObject();
        writer.WriteString("relation", "self");
        writer.WriteString("url", selfUrl);
        writer.WriteEndObject();
        writer.WriteEndArray();

        if (result.Slots.Count > 0)
        {
            writer.WriteStartArray("entry");

            // The entries go straight into the output, each rendering copied once; the writer closes the array after.
            writer.Flush();
            var entries = new Entries(output, root, Scratch);
            foreach (var slot in result.Slots)
            {
                var stale = freshness?.StaleTagFor(slot.Record.FetchedAt);
                entries.Write("Slot"u8, slot.Record, "match"u8, stale);
            }

            if (request.IncludeSchedules)
            {
                var schedules = Referenced(result.Slots, s => (s.Record.SourceInstance, s.ScheduleNativeId), result.Schedules, s => s.Record);
                foreach (var schedule in schedules)
                {
                    entries.Write("Schedule"u8, schedule.Record, "include"u8, null);
                }

                if (request.IncludeScheduleActors)
                {
                    foreach (var practitioner in Referenced(schedules, s => (s.Record.SourceInstance, s.PractitionerNativeId), result.Practitioners, r => r))
                    {
                        entries.Write("Practitioner"u8, practitioner, "include"u8, null);
                    }

                    foreach (var place in Referenced(schedules, s => (s.Record.SourceInstance, s.PlaceNativeId), result.Places, r => r))
                    {
                        entries.Write("PractitionerRole"u8, place, "include"u8, null);
                    }
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    // meta always holds a profile before it, and tag is meta's last element in FHIR order.
    private static void WriteTag(ArrayBufferWriter<byte> scratch, Coding tag)
    {
        scratch.Write(""","tag":["""u8);
        using (var tagWriter = new Utf8JsonWriter(scratch, FhirJson.WriterOptions))
        {
            tagWriter.WriteStartObject();
            tagWriter.WriteString("system", tag.System);
            tagWriter.WriteString("code", tag.Code);
            tagWriter.WriteString("display", tag.Display);
            tagWriter.WriteEndObject();
        }

        scratch.Write("]"u8);
    }

    /// <summary>
    /// <c>SlotBundleBuilder.Referenced</c>'s rule
    /// (each record once, in the order first pointed to, unreferenced ones left out), with one lookup per pointer and
    /// no LINQ: it runs over every slot of every answer.
    /// </summary>
    private static List<T> Referenced<TFrom, T>(IReadOnlyList<TFrom> from, Func<TFrom, (string SourceInstance, string? NativeId)> pointer, IReadOnlyList<T> records, Func<T, ServedRecord> recordOf)
    {
        var index = new Dictionary<(string, string), int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = recordOf(records[i]);
            index.TryAdd((record.SourceInstance, record.NativeId), i);
        }

        var taken = new bool[records.Count];
        var referenced = new List<T>(records.Count);
        foreach (var item in from)
        {
            var (source, nativeId) = pointer(item);
            if (nativeId is not null && index.TryGetValue((source, nativeId), out var i) && !taken[i])
            {
                taken[i] = true;
                referenced.Add(records[i]);
            }
        }

        return referenced;
    }

    /// <summary>
    /// The entries as <see cref="Utf8JsonWriter"/> writes them (<c>{"fullUrl":…,"resource":…,"search":{"mode":…}}</c>,
    /// comma-separated, minimized), written as bytes straight into the output: through the writer each rendering was
    /// copied twice (into a scratch buffer to splice the fetch time, then into the answer), and each entry's
    /// <c>fullUrl</c> cost two strings (a quarter of an answer's allocations). The base is escaped once, with the
    /// writer's encoder; a readable id is the source and the native id joined by a dot (<see cref="ResourceIds.For"/>'s
    /// rule, [A-Za-z0-9-.], nothing to escape); the other ids still go through ResourceIds and the encoder.
    /// </summary>
    private sealed class Entries(IBufferWriter<byte> output, string root, ArrayBufferWriter<byte> scratch)
    {
        private const int MaxFhirIdLength = 64;
        private static readonly SearchValues<char> FhirIdChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.");
        private readonly byte[] _root = JsonEncodedText.Encode(root, FhirJson.WriterOptions.Encoder).EncodedUtf8Bytes.ToArray();
        private bool _first = true;

        public void Write(ReadOnlySpan<byte> type, ServedRecord record, ReadOnlySpan<byte> mode, Coding? tag)
        {
            var (source, nativeId) = (record.SourceInstance, record.NativeId);
            ReadOnlySpan<byte> hashedId = default;
            var readable = source.Length > 0 && nativeId.Length > 0 && source.Length + 1 + nativeId.Length <= MaxFhirIdLength
                && !source.AsSpan().ContainsAnyExcept(FhirIdChars) && !nativeId.AsSpan().ContainsAnyExcept(FhirIdChars);
            if (!readable)
            {
                hashedId = JsonEncodedText.Encode(ResourceIds.For(source, nativeId), FhirJson.WriterOptions.Encoder).EncodedUtf8Bytes;
            }

            var (beforeLastUpdated, restOfMeta, afterMeta) = ServedJsonLayout.Split(record.Rendering);
            var fetchedAt = QuotedInstants.Get(record.FetchedAt);
            scratch.ResetWrittenCount();
            if (tag is not null)
            {
                WriteTag(scratch, tag);
            }

            var idLength = readable ? source.Length + 1 + nativeId.Length : hashedId.Length;
            var length = 1 + "{\"fullUrl\":\""u8.Length + _root.Length + 1 + type.Length + 1 + idLength + "\",\"resource\":"u8.Length
                + beforeLastUpdated.Length + fetchedAt.Length + restOfMeta.Length + scratch.WrittenCount + afterMeta.Length
                + ",\"search\":{\"mode\":\""u8.Length + mode.Length + "\"}}"u8.Length;
            var span = output.GetSpan(length);
            var at = 0;
            if (!_first)
            {
                span[at++] = (byte)',';
            }

            _first = false;
            Append(span, ref at, "{\"fullUrl\":\""u8);
            Append(span, ref at, _root);
            span[at++] = (byte)'/';
            Append(span, ref at, type);
            span[at++] = (byte)'/';
            if (readable)
            {
                at += System.Text.Encoding.ASCII.GetBytes(source, span[at..]);
                span[at++] = (byte)'.';
                at += System.Text.Encoding.ASCII.GetBytes(nativeId, span[at..]);
            }
            else
            {
                Append(span, ref at, hashedId);
            }

            Append(span, ref at, "\",\"resource\":"u8);

            // The resource as FhirJson would write it: its rendering with the fetch time (and a stale tag) put back.
            Append(span, ref at, beforeLastUpdated.Span);
            Append(span, ref at, fetchedAt);
            Append(span, ref at, restOfMeta.Span);
            Append(span, ref at, scratch.WrittenSpan);
            Append(span, ref at, afterMeta.Span);
            Append(span, ref at, ",\"search\":{\"mode\":\""u8);
            Append(span, ref at, mode);
            Append(span, ref at, "\"}}"u8);
            output.Advance(at);
        }

        private static void Append(Span<byte> span, ref int at, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(span[at..]);
            at += bytes.Length;
        }
    }

    /// <summary>
    /// Fetch times as Firely writes an instant, quoted. A sync stamps a whole batch with one fetch time, so an answer
    /// holds a few dozen distinct ones, interleaved (slots are ordered by start, not by practitioner), and the same
    /// ones come back answer after answer: formatting each entry's was 5 % of the hub's CPU under load (profile in the
    /// harness README). Shared by every answer, bounded by emptying it when full.
    /// </summary>
    private static class QuotedInstants
    {
        private const int MaxEntries = 4096;
        private static readonly ConcurrentDictionary<(long UtcTicks, TimeSpan Offset), byte[]> Shared = new();

        public static byte[] Get(DateTimeOffset instant)
        {
            // The offset is part of the key: DateTimeOffset equality ignores it, Firely's text does not.
            var key = (instant.UtcTicks, instant.Offset);
            if (Shared.TryGetValue(key, out var quoted))
            {
                return quoted;
            }

            if (Shared.Count >= MaxEntries)
            {
                Shared.Clear();
            }

            quoted = System.Text.Encoding.UTF8.GetBytes("\"" + PrimitiveTypeConverter.ConvertTo<string>(instant) + "\"");
            Shared[key] = quoted;
            return quoted;
        }
    }
}
