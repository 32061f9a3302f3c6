using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Sas.Interop.Faults.Tests;

/// <summary>The SAS PS-individuel search and what its answer served, read as plain JSON.</summary>
internal static class SasSearch
{
    /// <summary>The facade's default (and maximum) number of slots in one answer.</summary>
    public const int DefaultCount = 1000;

    public static string Query(DateTimeOffset from, DateTimeOffset to, IEnumerable<string> ids) =>
        $"fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Iso(from)}&start=le{Iso(to)}&status=free&schedule.actor:Practitioner.identifier="
        + string.Join(",", ids.Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));

    /// <summary>The Slots of a 200 answer, by id.</summary>
    public static async Task<IReadOnlyDictionary<string, ServedSlot>> SlotsAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using var document = JsonDocument.Parse(body);
        var slots = new Dictionary<string, ServedSlot>(StringComparer.Ordinal);
        if (!document.RootElement.TryGetProperty("entry", out var entries))
        {
            return slots;
        }

        foreach (var resource in entries.EnumerateArray().Select(e => e.GetProperty("resource")))
        {
            if (resource.GetProperty("resourceType").GetString() != "Slot")
            {
                continue;
            }

            var tags = resource.TryGetProperty("meta", out var meta) && meta.TryGetProperty("tag", out var tagArray)
                ? tagArray.EnumerateArray().Select(t => t.GetProperty("system").GetString() + "|" + t.GetProperty("code").GetString()).ToList()
                : [];
            slots[resource.GetProperty("id").GetString()!] = new ServedSlot(
                resource.TryGetProperty("start", out var start) ? start.GetString() : null,
                resource.TryGetProperty("comment", out var comment) ? comment.GetString() : null,
                tags);
        }

        return slots;
    }

    /// <summary>
    /// Practitioners per search in <see cref="WholeAnswerAsync"/>: the simulator gives a practitioner at most 3 places of
    /// at most 60 free slots, so 5 of them can never reach <see cref="DefaultCount"/>, whatever the hour. (All 20 in one
    /// search could, in the morning, when their slots crowd into the next 30 hours.)
    /// </summary>
    public const int PractitionersPerWholeSearch = 5;

    /// <summary>
    /// Every slot the hub serves for these practitioners in [from, to], by id: one search per
    /// <see cref="PractitionersPerWholeSearch"/> practitioners, each asserted to be a whole answer and not a capped page.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ServedSlot>> WholeAnswerAsync(HttpClient http, DateTimeOffset from, DateTimeOffset to, IEnumerable<string> ids)
    {
        var slots = new Dictionary<string, ServedSlot>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(PractitionersPerWholeSearch))
        {
            var page = await SlotsAsync(http, Query(from, to, chunk));
            Assert.That(page, Has.Count.LessThan(DefaultCount), "the whole answer is compared, not a capped page of it");
            foreach (var (id, slot) in page)
            {
                slots[id] = slot;
            }
        }

        return slots;
    }

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
