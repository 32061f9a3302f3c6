using System.Buffers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Served;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Fhir.Tests.TestSupport;

namespace Sas.Interop.Fhir.Tests.Served;

/// <summary>The searchset spliced from stored renderings must be, byte for byte, the one built from resources.</summary>
public sealed class ServedSlotBundleWriterTests
{
    private const string Source = IgPsSearch.Source;
    private const string BaseUrl = "https://hub.example/fhir";
    private const string SelfUrl = "https://hub.example/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge2021-11-04T14:19:35.760%2B00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899&status=free";

    private static readonly DateTimeOffset FetchedAt = new(2021, 11, 4, 14, 20, 0, 123, TimeSpan.Zero);

    private static readonly SlotSearchRequest FullRequest = IgPsSearch.FullRequest;

    private readonly ServedResourceRenderer renderer = new();

    [Test]
    public void The_IG_example_agenda_is_written_byte_for_byte_as_the_built_bundle()
    {
        AssertSameBytes(IgResult(), FullRequest, freshness: null);
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(true, true)]
    public void Each_include_combination_is_written_as_the_built_bundle(bool schedules, bool actors)
    {
        AssertSameBytes(IgResult(), FullRequest with { IncludeSchedules = schedules, IncludeScheduleActors = actors }, freshness: null);
    }

    [Test]
    public void Stale_slots_get_the_same_stale_tag_and_fresh_ones_none()
    {
        // Half the slots fetched long ago: the builder tags them, the writer must splice the identical tag.
        var clock = new FakeTimeProvider(FetchedAt.AddHours(3));
        var freshness = new SlotFreshness(TimeSpan.FromHours(1), TimeSpan.FromDays(1), clock);
        var result = IgResult();
        result = result with { Slots = [.. result.Slots.Select((s, i) => i % 2 == 0 ? s : s with { FetchedAt = FetchedAt.AddHours(2.5) })] };

        var written = AssertSameBytes(result, FullRequest, freshness);

        Assert.That(CountOf(written, "\"code\":\"stale\""), Is.EqualTo((result.Slots.Count + 1) / 2));
    }

    [Test]
    public void Versions_offsets_places_without_identifiers_and_dangling_references_are_written_as_built()
    {
        var start = new DateTimeOffset(2021, 11, 5, 9, 0, 0, TimeSpan.FromHours(1));
        var result = new SlotSearchResult(
            7,
            [
                new CanonicalSlot { SourceInstance = Source, NativeId = "a", ScheduleNativeId = "s1", Start = start, End = start.AddMinutes(15), Version = 3, FetchedAt = FetchedAt, Types = SlotTypes.Public | SlotTypes.Cpts, Modes = ConsultationModes.HomeVisit, BookingUrl = "https://rdv.example/réserver?x=1&y=<2>" },
                new CanonicalSlot { SourceInstance = Source, NativeId = "b", ScheduleNativeId = "s2", Start = start.AddHours(1), End = start.AddHours(1.25), FetchedAt = FetchedAt.ToOffset(TimeSpan.FromHours(2)) },
                new CanonicalSlot { SourceInstance = "other source", NativeId = "b", ScheduleNativeId = "missing", Start = start.AddHours(2), End = start.AddHours(2.25), FetchedAt = new DateTimeOffset(2021, 11, 4, 14, 20, 0, TimeSpan.Zero) },
            ],
            [
                new CanonicalSchedule { SourceInstance = Source, NativeId = "s1", PractitionerNativeId = "p1", PlaceNativeId = "r1", FetchedAt = FetchedAt, Version = 1 },
                new CanonicalSchedule { SourceInstance = Source, NativeId = "s2", PractitionerNativeId = "p-unknown", PlaceNativeId = "r2", FetchedAt = FetchedAt },
            ],
            [
                new CanonicalPlace { SourceInstance = Source, NativeId = "r1", PractitionerNativeId = "p1", FetchedAt = FetchedAt, Organization = new CanonicalIdentifier(null, "1470000001") },
                new CanonicalPlace { SourceInstance = Source, NativeId = "r2", PractitionerNativeId = "p1", FetchedAt = FetchedAt, LocationName = "Cabinet « Les Tilleuls »", Address = new CanonicalAddress(["1 rue A", "Bât. B"], "AGEN", "47000"), Telecoms = [new CanonicalTelecom("phone", "+33553000000")] },
            ],
            [new CanonicalPractitioner { SourceInstance = Source, NativeId = "p1", NationalId = "810002673899", Family = "Dupré", Given = ["Zoé", " "], FetchedAt = FetchedAt, Version = 12 }]);

        AssertSameBytes(result, FullRequest, freshness: null);
    }

    [TestCase("https://hub.example/fhir")]
    [TestCase("https://hôte.example/fhir/<sas>&co/")]
    public void Full_urls_on_each_side_of_the_readable_id_rule_are_written_as_built(string baseUrl)
    {
        // The writer joins readable ids itself and leaves the others to ResourceIds: 64 characters is the last
        // readable length; '_', 'é', a space or an empty-looking part make the id a hash.
        var start = new DateTimeOffset(2021, 11, 5, 9, 0, 0, TimeSpan.FromHours(1));
        string[] nativeIds = [new string('a', 64 - Source.Length - 1), new string('a', 64 - Source.Length), "a_b", "réf-1", "x y", "A.b-9"];
        CanonicalSlot Slot(string source, string nativeId, int i) =>
            new() { SourceInstance = source, NativeId = nativeId, ScheduleNativeId = "missing", Start = start.AddMinutes(15 * i), End = start.AddMinutes(15 * i + 15), FetchedAt = FetchedAt };
        List<CanonicalSlot> slots = [.. nativeIds.Select((id, i) => Slot(Source, id, i)), Slot("sourcé", "a", 10), Slot(new string('s', 70), "a", 11)];

        AssertSameBytes(new SlotSearchResult(slots.Count, slots, [], [], []), FullRequest, freshness: null, baseUrl);
    }

    [Test]
    public void An_empty_answer_has_no_entry_array_like_the_built_one()
    {
        var written = AssertSameBytes(new SlotSearchResult(0, [], [], [], []), FullRequest, freshness: null);

        Assert.That(written, Does.Not.Contain("\"entry\""));
    }

    [Test]
    public void A_CPTS_request_is_refused_rather_than_answered_with_the_PS_shape()
    {
        var cpts = FullRequest with { IncludeCptsServices = true };

        Assert.Throws<ArgumentException>(() => new ServedSlotBundleWriter().Write(new ArrayBufferWriter<byte>(), ServedSlotSearchResult.Empty, cpts, BaseUrl, SelfUrl));
    }

    private string AssertSameBytes(SlotSearchResult result, SlotSearchRequest request, SlotFreshness? freshness, string baseUrl = BaseUrl)
    {
        var built = new ArrayBufferWriter<byte>();
        FhirJson.Serialize(new SlotBundleBuilder(freshness).Build(result, request, baseUrl, SelfUrl), built);

        var written = new ArrayBufferWriter<byte>();
        new ServedSlotBundleWriter(freshness).Write(written, Served(result), request, baseUrl, SelfUrl);

        var expected = Encoding.UTF8.GetString(built.WrittenSpan);
        var actual = Encoding.UTF8.GetString(written.WrittenSpan);
        Assert.That(actual, Is.EqualTo(expected));
        return actual;
    }

    private ServedSlotSearchResult Served(SlotSearchResult result) => new(
        result.Total,
        [.. result.Slots.Select(s => new ServedSlot(Record(s, renderer.Render(s)), s.ScheduleNativeId))],
        [.. result.Schedules.Select(s => new ServedSchedule(Record(s, renderer.Render(s)), s.PractitionerNativeId, s.PlaceNativeId))],
        [.. result.Practitioners.Select(p => Record(p, renderer.Render(p)))],
        [.. result.Places.Select(p => Record(p, renderer.Render(p)))]);

    private static ServedRecord Record(SourceRecord record, byte[] rendering) => new(record.SourceInstance, record.NativeId, record.FetchedAt, rendering);

    private static SlotSearchResult IgResult() => IgPsSearch.Result(FetchedAt);

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
