using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>The <c>specialty</c> Slot search on the real store (SQLite, or PostgreSQL with SAS_INTEROP_TEST_PROVIDER).</summary>
[Category("Integration")]
public sealed class SpecialtySearchStoreTests
{
    private const string TreR38 = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
    private const string Snomed = "http://snomed.info/sct";
    private const string GeneralPractice = "394814009";

    // A: the specialties are on the slots. B: on the role only (SM54). C: the role's is text-only "SM54".
    // D: role SM05 (one slot SM54 of its own). E: a second source whose role is SM54 under the same native ids.
    private const string A = "810000000081";
    private const string B = "810000000082";
    private const string C = "810000000083";
    private const string D = "810000000084";

    private static readonly GeoPoint Centre = new(44.2033, 0.6163);
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _store = await StoreFixture.CreateAsync(new RecordingRenderer());
        var batch = Batch("pub", (A, 4), (B, 2), (C, 2), (D, 2));
        CanonicalCode[] Role(string id) => id switch
        {
            B => [Code(TreR38, "SM54")],
            C => [new CanonicalCode(null, null, null, "SM54")],
            D => [Code(TreR38, "SM05")],
            _ => [],
        };
        CanonicalCode[] Own(CanonicalSlot slot) => slot.NativeId switch
        {
            $"slot-{A}-0" => [Code(TreR38, "SM54")],
            $"slot-{A}-1" => [Code(Snomed, GeneralPractice)],
            $"slot-{A}-2" => [new CanonicalCode(null, null, null, "SM54 médecine \"générale\"")],
            $"slot-{D}-0" => [Code(TreR38, "SM54")],
            _ => [],
        };
        batch = batch with
        {
            Places = [.. batch.Places.Select(p => p with { Specialties = Role(p.NativeId[1..]), Position = p.NativeId == "r" + B ? Centre : p.NativeId == "r" + D ? new GeoPoint(44.5, 0.6163) : null })],
            Slots = [.. batch.Slots.Select(s => s with { Specialties = Own(s) })],
        };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B, C, D), batch, CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task A_bare_code_matches_the_slots_own_specialty_or_its_roles_in_any_system()
    {
        var result = await SearchAsync(All() with { SpecialtyFilters = [[Token(null, "SM54")]] });

        Assert.That(Ids(result), Is.EquivalentTo(new[] { $"slot-{A}-0", $"slot-{B}-0", $"slot-{B}-1", $"slot-{D}-0" }));
        Assert.That(result.Total, Is.EqualTo(4));
    }

    [Test]
    public async Task A_system_and_code_match_that_system_only()
    {
        var snomed = await SearchAsync(All() with { SpecialtyFilters = [[Token(Snomed, GeneralPractice)]] });
        var wrongSystem = await SearchAsync(All() with { SpecialtyFilters = [[Token(TreR38, GeneralPractice)]] });
        var tre = await SearchAsync(All() with { SpecialtyFilters = [[Token(TreR38, "SM54")]] });

        Assert.Multiple(() =>
        {
            Assert.That(Ids(snomed), Is.EqualTo(new[] { $"slot-{A}-1" }));
            Assert.That(Ids(wrongSystem), Is.Empty);
            Assert.That(Ids(tre), Is.EquivalentTo(new[] { $"slot-{A}-0", $"slot-{B}-0", $"slot-{B}-1", $"slot-{D}-0" }));
        });
    }

    [Test]
    public async Task Codes_in_one_entry_are_ored_and_entries_are_anded()
    {
        var either = await SearchAsync(All() with { SpecialtyFilters = [[Token(null, "SM05"), Token(Snomed, GeneralPractice)]] });
        var both = await SearchAsync(All() with { SpecialtyFilters = [[Token(null, "SM54")], [Token(null, "SM05")]] });

        Assert.Multiple(() =>
        {
            Assert.That(Ids(either), Is.EquivalentTo(new[] { $"slot-{A}-1", $"slot-{D}-0", $"slot-{D}-1" }));
            Assert.That(Ids(both), Is.EqualTo(new[] { $"slot-{D}-0" }), "SM54 on the slot, SM05 on its role");
        });
    }

    [Test]
    public async Task A_text_only_specialty_never_matches_and_codes_are_case_sensitive()
    {
        var c = await SearchAsync(Criteria(C) with { SpecialtyFilters = [[Token(null, "SM54")]] });
        var lower = await SearchAsync(All() with { SpecialtyFilters = [[Token(null, "sm54")]] });
        var inText = await SearchAsync(Criteria(A) with { SpecialtyFilters = [[Token(null, "générale")]] });

        Assert.Multiple(() =>
        {
            Assert.That(Ids(c), Is.Empty, "C's role says SM54 in text only");
            Assert.That(Ids(lower), Is.Empty);
            Assert.That(Ids(inText), Is.Empty);
        });
    }

    [Test]
    public async Task Specialty_combines_with_hub_near_and_the_cpts_flow()
    {
        // B (SM54 role) is at the centre, D (SM05 role, one SM54 slot) 33 km north.
        var near = await SearchAsync(Criteria() with { Near = new GeoCircle(Centre, 50_000), SpecialtyFilters = [[Token(null, "SM54")]] });
        var nearSm05 = await SearchAsync(Criteria() with { Near = new GeoCircle(Centre, 10_000), SpecialtyFilters = [[Token(null, "SM05")]] });
        var cpts = await SearchAsync(All() with { Flow = SlotSearchFlow.Cpts, SpecialtyFilters = [[Token(null, "SM05")]] });

        Assert.Multiple(() =>
        {
            Assert.That(Ids(near), Is.EqualTo(new[] { $"slot-{B}-0", $"slot-{B}-1", $"slot-{D}-0" }), "nearest first");
            Assert.That(near.DistancesMeters, Has.Count.EqualTo(3));
            Assert.That(Ids(nearSm05), Is.Empty, "D is outside 10 km");
            Assert.That(Ids(cpts), Is.EquivalentTo(new[] { $"slot-{D}-0", $"slot-{D}-1" }));
        });
    }

    [Test]
    public async Task The_served_search_gives_the_same_answer_as_the_search()
    {
        SlotSearchCriteria[] variants =
        [
            All() with { SpecialtyFilters = [[Token(null, "SM54")]] },
            All() with { SpecialtyFilters = [[Token(null, "SM54")], [Token(TreR38, "SM05")]], MaxSlots = 1 },
            All() with { SpecialtyFilters = [[Token(null, "SM05"), Token(Snomed, GeneralPractice)]], ModeFilters = [ConsultationModes.Virtual] },
            All() with { SpecialtyFilters = [[Token(null, "nothing")]] },
        ];

        foreach (var criteria in variants)
        {
            // Twice: the second would come from the served-agenda cache if specialty went through it.
            for (var i = 0; i < 2; i++)
            {
                var built = await SearchAsync(criteria);
                var served = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);
                Assert.That(served, Is.Not.Null);
                Assert.That(served!.Slots.Select(s => s.Record.NativeId), Is.EqualTo(built.Slots.Select(s => s.NativeId)));
                Assert.That(served.Total, Is.EqualTo(built.Total));
            }
        }
    }

    private static CanonicalCode Code(string system, string code) => new(system, code, "display, \"quoted\"");

    private static SpecialtyToken Token(string? system, string code) => new(system, code);

    private static SlotSearchCriteria All() => Criteria(A, B, C, D);

    private static SlotSearchCriteria Criteria(params string[] ids) =>
        new(ids, Monday.AddHours(-1), Monday.AddHours(72), SlotStatus.Free, 1000);

    private static IEnumerable<string> Ids(SlotSearchResult result) => result.Slots.Select(s => s.NativeId);

    private Task<SlotSearchResult> SearchAsync(SlotSearchCriteria criteria) => _store.Slots.SearchAsync(criteria, CancellationToken.None);
}
