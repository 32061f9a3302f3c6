using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>The hub's Slot search extensions on the real SQLite store: mode and type filters, hub-near, availability.</summary>
[Category("Integration")]
public sealed class SearchExtensionStoreTests
{
    private const string A = "810000000001";
    private const string B = "810000000002";
    private const string C = "810000000003";
    private const string D = "810000000004";

    // Agen town hall; the others are placed due east (latitude kept) at known distances.
    private static readonly GeoPoint Centre = new(44.2033, 0.6163);
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp() => _store = await StoreFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task ServiceType_keeps_slots_offering_one_of_the_modes_and_repeats_are_anded()
    {
        var slots = new[]
        {
            Slot("pub", A, 0) with { Modes = ConsultationModes.Ambulatory },
            Slot("pub", A, 1) with { Modes = ConsultationModes.HomeVisit },
            Slot("pub", A, 2) with { Modes = ConsultationModes.Ambulatory | ConsultationModes.Virtual },
            Slot("pub", A, 3) with { Modes = ConsultationModes.None },
        };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 0)) with { Slots = slots }, CancellationToken.None);

        var amb = await SearchAsync(Criteria(A) with { ModeFilters = [ConsultationModes.Ambulatory] });
        var hhOrVr = await SearchAsync(Criteria(A) with { ModeFilters = [ConsultationModes.HomeVisit | ConsultationModes.Virtual] });
        var ambAndVr = await SearchAsync(Criteria(A) with { ModeFilters = [ConsultationModes.Ambulatory, ConsultationModes.Virtual] });

        Assert.Multiple(() =>
        {
            Assert.That(Indexes(amb), Is.EqualTo(new[] { 0, 2 }));
            Assert.That(amb.Total, Is.EqualTo(2));
            Assert.That(Indexes(hhOrVr), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(Indexes(ambAndVr), Is.EqualTo(new[] { 2 }));
        });
    }

    [Test]
    public async Task Security_filters_by_slot_type_and_the_ps_flow_still_hides_cpts_only_slots()
    {
        var slots = new[]
        {
            Slot("pub", A, 0) with { Types = SlotTypes.Public },
            Slot("pub", A, 1) with { Types = SlotTypes.Snp },
            Slot("pub", A, 2) with { Types = SlotTypes.Pro | SlotTypes.Cpts },
            Slot("pub", A, 3) with { Types = SlotTypes.Cpts },
        };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 0)) with { Slots = slots }, CancellationToken.None);

        var snp = await SearchAsync(Criteria(A) with { TypeFilters = [SlotTypes.Snp] });
        var publicOrPro = await SearchAsync(Criteria(A) with { TypeFilters = [SlotTypes.Public | SlotTypes.Pro] });
        var cptsPs = await SearchAsync(Criteria(A) with { TypeFilters = [SlotTypes.Cpts] });
        var cptsFlow = await SearchAsync(Criteria(A) with { TypeFilters = [SlotTypes.Cpts], Flow = SlotSearchFlow.Cpts });

        Assert.Multiple(() =>
        {
            Assert.That(Indexes(snp), Is.EqualTo(new[] { 1 }));
            Assert.That(Indexes(publicOrPro), Is.EqualTo(new[] { 0, 2 }));
            Assert.That(Indexes(cptsPs), Is.EqualTo(new[] { 2 }));
            Assert.That(Indexes(cptsFlow), Is.EqualTo(new[] { 2, 3 }));
        });
    }

    [Test]
    public async Task Near_orders_by_distance_then_start_and_gives_each_distance()
    {
        // B at 1 km has later slots than C at 5 km; D at 30 km is outside a 10 km circle.
        await StoreAsync(("pub", A, null, 2), ("pub", B, 1_000, 2), ("pub", C, 5_000, 3), ("pub", D, 30_000, 2));
        var result = await SearchAsync(Criteria() with { Near = new GeoCircle(Centre, 10_000) });

        Assert.Multiple(() =>
        {
            Assert.That(result.Slots.Select(s => s.PractitionerNationalId), Is.EqualTo(new[] { B, B, C, C, C }));
            Assert.That(result.Slots[2].Start, Is.LessThan(result.Slots[0].Start), "C's slots are earlier, yet B is nearer");
            Assert.That(result.Slots.Take(2).Select(s => s.Start), Is.Ordered, "same place: earliest first");
            Assert.That(result.Total, Is.EqualTo(5));
            Assert.That(result.DistancesMeters, Has.Count.EqualTo(5));
            Assert.That(result.DistancesMeters![0], Is.EqualTo(1_000).Within(5));
            Assert.That(result.DistancesMeters[4], Is.EqualTo(5_000).Within(25));
            Assert.That(result.Places.Select(p => p.NativeId), Is.EquivalentTo(new[] { "r" + B, "r" + C }));
            Assert.That(result.Practitioners.Select(p => p.NationalId), Is.EquivalentTo(new[] { B, C }));
        });
    }

    [Test]
    public async Task Near_is_capped_by_max_slots_with_the_total_of_all_matches()
    {
        await StoreAsync(("pub", B, 1_000, 4), ("pub", C, 5_000, 4));

        var result = await SearchAsync(Criteria() with { Near = new GeoCircle(Centre, 10_000), MaxSlots = 3 });

        Assert.Multiple(() =>
        {
            Assert.That(result.Total, Is.EqualTo(8));
            Assert.That(result.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { $"slot-{B}-0", $"slot-{B}-1", $"slot-{B}-2" }));
            Assert.That(result.DistancesMeters, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Near_with_practitioners_keeps_only_those_and_the_other_filters_still_apply()
    {
        await StoreAsync(("pub", B, 1_000, 2), ("pub", C, 5_000, 2));
        var onlyC = await SearchAsync(Criteria(C) with { Near = new GeoCircle(Centre, 10_000) });
        var noneHomeVisit = await SearchAsync(Criteria() with { Near = new GeoCircle(Centre, 10_000), ModeFilters = [ConsultationModes.HomeVisit] });

        Assert.That(onlyC.Slots.Select(s => s.PractitionerNationalId).Distinct(), Is.EqualTo(new[] { C }));
        Assert.That(noneHomeVisit.Total, Is.Zero);
        Assert.That(noneHomeVisit.Slots, Is.Empty);
    }

    [Test]
    public async Task Near_radius_is_exact_not_the_bounding_box()
    {
        // Both points lie inside the 10 km box; only the first lies inside the circle (box corners are ~14 km away).
        var inside = Offset(Centre, northMeters: 6_900, eastMeters: 6_900);   // 9.76 km
        var corner = Offset(Centre, northMeters: 7_300, eastMeters: 7_300);   // 10.32 km
        await StoreAsync([("pub", B, inside, 1), ("pub", C, corner, 1)]);

        var result = await SearchAsync(Criteria() with { Near = new GeoCircle(Centre, 10_000) });

        Assert.That(result.Slots.Select(s => s.PractitionerNationalId), Is.EqualTo(new[] { B }));
        Assert.That(result.DistancesMeters![0], Is.LessThan(10_000));
    }

    [Test]
    public async Task Places_without_position_are_never_near_anything()
    {
        await StoreAsync(("pub", A, null, 3));

        var result = await SearchAsync(Criteria() with { Near = new GeoCircle(Centre, 100_000) });

        Assert.Multiple(() =>
        {
            Assert.That(result.Total, Is.Zero);
            Assert.That(result.Slots, Is.Empty);
            Assert.That(result.DistancesMeters, Is.Empty);
        });
    }

    [Test]
    public async Task Positions_survive_the_round_trip_through_the_store()
    {
        await StoreAsync(("pub", B, 1_000, 1));

        var place = (await SearchAsync(Criteria(B))).Places.Single();

        Assert.That(place.Position, Is.EqualTo(Offset(Centre, 0, 1_000)));
    }

    [Test]
    public async Task Without_extensions_the_search_is_unchanged_and_has_no_distances()
    {
        await StoreAsync(("pub", B, 1_000, 2));

        var result = await SearchAsync(Criteria(B));

        Assert.That(result.Slots, Has.Count.EqualTo(2));
        Assert.That(result.DistancesMeters, Is.Null);
    }

    [Test]
    public async Task Free_slot_starts_are_listed_in_a_half_open_window_without_cpts_only_or_withheld_slots()
    {
        var slots = new[]
        {
            Slot("pub", A, 0),
            Slot("pub", A, 1),
            Slot("pub", A, 2),
            Slot("pub", A, 3) with { Types = SlotTypes.Cpts },
            Slot("pub", A, 4) with { FetchedAt = Monday.AddDays(-2) },
        };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 0), (B, 1)) with { Slots = [.. slots, Slot("pub", B, 0)] }, CancellationToken.None);

        var starts = await _store.Slots.ListFreeSlotStartsAsync(
            new AvailabilityCriteria([A], Monday.AddMinutes(30), Monday.AddHours(3)) { FetchedSince = Monday.AddDays(-1) }, CancellationToken.None);
        var atEnd = await _store.Slots.ListFreeSlotStartsAsync(new AvailabilityCriteria([A], Monday, Monday.AddMinutes(30)), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(starts.Select(s => s.Start), Is.EquivalentTo(new[] { Monday.AddMinutes(30), Monday.AddMinutes(60) }));
            Assert.That(starts.Select(s => s.PractitionerNationalId).Distinct(), Is.EqualTo(new[] { A }));
            Assert.That(atEnd.Select(s => s.Start), Is.EqualTo(new[] { Monday }), "the end is exclusive");
        });
    }

    [Test]
    public async Task Free_slot_starts_keep_the_search_filters_and_carry_each_slots_modes()
    {
        var slots = new[]
        {
            Slot("pub", A, 0) with { Modes = ConsultationModes.Ambulatory, Types = SlotTypes.Public },
            Slot("pub", A, 1) with { Modes = ConsultationModes.Ambulatory | ConsultationModes.Virtual, Types = SlotTypes.Snp },
            Slot("pub", A, 2) with { Modes = ConsultationModes.HomeVisit, Types = SlotTypes.Snp | SlotTypes.Pro },
        };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 0)) with { Slots = slots }, CancellationToken.None);
        var window = new AvailabilityCriteria([A], Monday, Monday.AddHours(3));

        var all = await _store.Slots.ListFreeSlotStartsAsync(window, CancellationToken.None);
        var virtualSnp = await _store.Slots.ListFreeSlotStartsAsync(window with { ModeFilters = [ConsultationModes.Virtual | ConsultationModes.HomeVisit], TypeFilters = [SlotTypes.Snp] }, CancellationToken.None);
        var ambAndVr = await _store.Slots.ListFreeSlotStartsAsync(window with { ModeFilters = [ConsultationModes.Ambulatory, ConsultationModes.Virtual] }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(all.OrderBy(s => s.Start).Select(s => s.Modes), Is.EqualTo(slots.Select(s => s.Modes)));
            Assert.That(virtualSnp.Select(s => s.Start), Is.EquivalentTo(new[] { Monday.AddMinutes(30), Monday.AddMinutes(60) }));
            Assert.That(ambAndVr.Select(s => s.Start), Is.EqualTo(new[] { Monday.AddMinutes(30) }));
        });
    }

    private static SlotSearchCriteria Criteria(params string[] ids) =>
        new(ids, Monday.AddHours(-1), Monday.AddHours(72), SlotStatus.Free, 1000);

    private static IEnumerable<int> Indexes(SlotSearchResult result) =>
        result.Slots.Select(s => int.Parse(s.NativeId[(s.NativeId.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static GeoPoint Offset(GeoPoint from, double northMeters, double eastMeters)
    {
        var lat = from.Latitude + double.RadiansToDegrees(northMeters / GeoPoint.EarthRadiusMeters);
        var lon = from.Longitude + double.RadiansToDegrees(eastMeters / (GeoPoint.EarthRadiusMeters * Math.Cos(double.DegreesToRadians(from.Latitude))));
        return new GeoPoint(lat, lon);
    }

    private Task StoreAsync(params (string Source, string NationalId, double? EastMeters, int Slots)[] practitioners) =>
        StoreAsync(practitioners.Select(p => (p.Source, p.NationalId, p.EastMeters is { } east ? Offset(Centre, 0, east) : (GeoPoint?)null, p.Slots)).ToArray());

    private async Task StoreAsync((string Source, string NationalId, GeoPoint? Position, int Slots)[] practitioners)
    {
        // C's slots start 5 minutes before B's so that distance, not time, decides the order.
        var batch = Batch("pub", [.. practitioners.Select(p => (p.NationalId, p.Slots))]);
        batch = batch with
        {
            Places = [.. batch.Places.Select(place => place with { Position = practitioners.Single(p => "r" + p.NationalId == place.NativeId).Position })],
            Slots = [.. batch.Slots.Select(s => s.PractitionerNationalId == C ? s with { Start = s.Start.AddMinutes(-5), End = s.End.AddMinutes(-5) } : s)],
        };
        await _store.Slots.ReplaceScopeAsync("pub", Scope([.. practitioners.Select(p => p.NationalId)]), batch, CancellationToken.None);
    }

    private Task<SlotSearchResult> SearchAsync(SlotSearchCriteria criteria) => _store.Slots.SearchAsync(criteria, CancellationToken.None);
}
