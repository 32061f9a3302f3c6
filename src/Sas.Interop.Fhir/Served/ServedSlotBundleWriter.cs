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
        var scratch = new ArrayBufferWriter<byte>(4096);

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
            foreach (var slot in result.Slots)
            {
                var stale = freshness?.StaleTagFor(slot.Record.FetchedAt);
                WriteEntry(writer, scratch, root, "Slot", slot.Record, "match", stale);
            }

            if (request.IncludeSchedules)
            {
                var schedules = SlotBundleBuilder.Referenced(result.Slots.Select(s => (s.Record.SourceInstance, (string?)s.ScheduleNativeId)), result.Schedules, s => (s.Record.SourceInstance, s.Record.NativeId));
                foreach (var schedule in schedules)
                {
                    WriteEntry(writer, scratch, root, "Schedule", schedule.Record, "include", null);
                }

                if (request.IncludeScheduleActors)
                {
                    foreach (var practitioner in SlotBundleBuilder.Referenced(schedules.Select(s => (s.Record.SourceInstance, s.PractitionerNativeId)), result.Practitioners, KeyOf))
                    {
                        WriteEntry(writer, scratch, root, "Practitioner", practitioner, "include", null);
                    }

                    foreach (var place in SlotBundleBuilder.Referenced(schedules.Select(s => (s.Record.SourceInstance, s.PlaceNativeId)), result.Places, KeyOf))
                    {
                        WriteEntry(writer, scratch, root, "PractitionerRole", place, "include", null);
                    }
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteEntry(Utf8JsonWriter writer, ArrayBufferWriter<byte> scratch, string root, string type, ServedRecord record, string mode, Coding? tag)
    {
        writer.WriteStartObject();
        writer.WriteString("fullUrl", $"{root}/{type}/{ResourceIds.For(record.SourceInstance, record.NativeId)}");
        writer.WritePropertyName("resource");

        // The resource as FhirJson would write it: its rendering with the fetch time (and a stale tag) put back.
        scratch.ResetWrittenCount();
        var (beforeLastUpdated, restOfMeta, afterMeta) = ServedJsonLayout.Split(record.Rendering);
        scratch.Write(beforeLastUpdated.Span);
        scratch.Write(QuotedInstants.Get(record.FetchedAt));
        scratch.Write(restOfMeta.Span);
        if (tag is not null)
        {
            WriteTag(scratch, tag);
        }

        scratch.Write(afterMeta.Span);
        writer.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);

        writer.WriteStartObject("search");
        writer.WriteString("mode", mode);
        writer.WriteEndObject();
        writer.WriteEndObject();
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

    private static (string SourceInstance, string NativeId) KeyOf(ServedRecord record) => (record.SourceInstance, record.NativeId);

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
