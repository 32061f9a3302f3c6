using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

[Category("Integration")]
public sealed class EfSlotStoreTests
{
    private const string A = "810000000001";
    private const string B = "810000000002";
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp() => _store = await StoreFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task Replace_then_search_returns_slots_with_their_schedule_place_and_practitioner()
    {
        var result = await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 3), (B, 2)), CancellationToken.None);
        Assert.That(result.SlotsStored, Is.EqualTo(5));

        var found = await SearchAsync(A);

        Assert.Multiple(() =>
        {
            Assert.That(found.Total, Is.EqualTo(3));
            Assert.That(found.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { $"slot-{A}-0", $"slot-{A}-1", $"slot-{A}-2" }));
            Assert.That(found.Schedules.Single().NativeId, Is.EqualTo("s" + A));
            Assert.That(found.Places.Single().Address!.City, Is.EqualTo("AGEN"));
            Assert.That(found.Practitioners.Single().NationalId, Is.EqualTo(A));
        });
        var slot = found.Slots[0];
        Assert.Multiple(() =>
        {
            Assert.That(slot.Start, Is.EqualTo(Monday));
            Assert.That(slot.Start.Offset, Is.EqualTo(TimeSpan.FromHours(1)), "the publisher's offset is kept");
            Assert.That(slot.Types, Is.EqualTo(SlotTypes.Public | SlotTypes.Snp));
            Assert.That(slot.Modes, Is.EqualTo(ConsultationModes.Ambulatory | ConsultationModes.Virtual));
            Assert.That(slot.Motives, Is.EqualTo(new[] { "Visite de contrôle" }));
            Assert.That(slot.Specialties.Single().Code, Is.EqualTo("SM54"));
        });
    }

    [Test]
    public async Task A_new_batch_removes_vanished_slots_inside_its_scope_only()
    {
        // A slot far beyond the usual window, stored by a long-window batch: no later batch for the usual window may touch it.
        var far = Batch("pub", (A, 0)) with { Slots = [Slot("pub", A, 99, Monday.AddDays(10))] };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A) with { To = Monday.AddDays(12) }, far, CancellationToken.None);
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 4), (B, 4)), CancellationToken.None);
        await _store.Slots.ReplaceScopeAsync("other", Scope(A), Batch("other", (A, 2)), CancellationToken.None);

        var result = await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 1)), CancellationToken.None);

        Assert.That(result.SlotsRemoved, Is.EqualTo(3));
        var counts = await _store.Slots.CountSlotsBySourceAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(counts["pub"], Is.EqualTo(1 + 4 + 1), "A keeps 1 in the window and its far slot; B (not in scope) keeps 4");
            Assert.That(counts["other"], Is.EqualTo(2), "another source's slots for the same practitioner are untouched");
        });
    }

    [Test]
    public async Task Slots_that_ended_before_a_new_window_are_dropped_with_it()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 3), (B, 3)), CancellationToken.None);

        // A day later: A's first three slots are over; B is not in this batch's scope.
        var tomorrow = Scope(A) with { From = Monday.AddDays(1), To = Monday.AddDays(4) };
        await _store.Slots.ReplaceScopeAsync("pub", tomorrow, Batch("pub", (A, 0)), CancellationToken.None);

        var counts = await _store.Slots.CountSlotsBySourceAsync(CancellationToken.None);
        Assert.That(counts["pub"], Is.EqualTo(3), "only B's slots remain");
    }

    [Test]
    public async Task An_empty_successful_batch_clears_the_scope()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 4)), CancellationToken.None);

        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), new NormalizedBatch(), CancellationToken.None);

        Assert.That((await SearchAsync(A)).Total, Is.Zero);
    }

    [Test]
    public async Task A_failing_replacement_changes_nothing()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 4)), CancellationToken.None);
        var broken = Batch("pub", (A, 2));
        broken = broken with { Slots = [.. broken.Slots, broken.Slots[0]] };

        Assert.That(
            async () => await _store.Slots.ReplaceScopeAsync("pub", Scope(A), broken, CancellationToken.None),
            Throws.InstanceOf<System.Data.Common.DbException>(), "the unique key on (source, native id) refuses the duplicate");

        var found = await SearchAsync(A);
        Assert.That(found.Total, Is.EqualTo(4), "the transaction rolled back: the previous slots are all still served");
    }

    [Test]
    public async Task A_slot_that_moves_to_another_practitioner_is_never_stored_twice()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 1), (B, 0)), CancellationToken.None);
        var moved = Batch("pub", (B, 0)) with { Slots = [Slot("pub", A, 0) with { PractitionerNationalId = B, ScheduleNativeId = "s" + B }] };

        await _store.Slots.ReplaceScopeAsync("pub", Scope(B), moved, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await SearchAsync(A)).Total, Is.Zero);
            Assert.That((await SearchAsync(B)).Total, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Search_caps_slots_but_counts_every_match_and_filters_window_and_status()
    {
        var batch = Batch("pub", (A, 10));
        batch = batch with { Slots = [.. batch.Slots.Take(9), batch.Slots[9] with { Status = SlotStatus.Busy }] };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), batch, CancellationToken.None);

        var capped = await _store.Slots.SearchAsync(new SlotSearchCriteria([A], Monday, Monday.AddHours(72), SlotStatus.Free, 5), CancellationToken.None);
        var window = await _store.Slots.SearchAsync(new SlotSearchCriteria([A], Monday.AddMinutes(30), Monday.AddMinutes(90), SlotStatus.Free, 100), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(capped.Slots, Has.Count.EqualTo(5));
            Assert.That(capped.Total, Is.EqualTo(9), "the busy slot is not a match");
            Assert.That(window.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { $"slot-{A}-1", $"slot-{A}-2", $"slot-{A}-3" }), "both bounds are inclusive");
        });
    }

    [Test]
    public async Task A_capped_answer_keeps_the_same_slots_when_a_resync_rewrites_them_in_another_order()
    {
        // Four slots at the same start: the cap picks among ties, and a re-sync re-inserts the rows in another order.
        var batch = Batch("pub", (A, 4));
        var tied = batch with { Slots = [.. batch.Slots.Select(s => s with { Start = Monday, End = Monday.AddMinutes(20) })] };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), tied, CancellationToken.None);
        var criteria = new SlotSearchCriteria([A], Monday, Monday.AddHours(1), SlotStatus.Free, 2);
        var first = await _store.Slots.SearchAsync(criteria, CancellationToken.None);

        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), tied with { Slots = [.. tied.Slots.AsEnumerable().Reverse()] }, CancellationToken.None);
        var second = await _store.Slots.SearchAsync(criteria, CancellationToken.None);

        Assert.That(second.Slots.Select(s => s.NativeId), Is.EqualTo(first.Slots.Select(s => s.NativeId)));
        Assert.That(first.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { $"slot-{A}-0", $"slot-{A}-1" }));
    }

    [Test]
    public async Task Unknown_practitioners_give_an_empty_result()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 2)), CancellationToken.None);

        var found = await SearchAsync("899999999999");

        Assert.That(found.Total, Is.Zero);
        Assert.That(found.Slots, Is.Empty);
    }

    [Test]
    public async Task A_resync_refreshes_the_fetch_time_of_unchanged_slots_and_rewrites_changed_ones()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 3)), CancellationToken.None);
        var later = Monday.AddHours(1);
        var again = Batch("pub", (A, 3));
        again = again with { Slots = [.. again.Slots.Select((s, i) => i == 1 ? s with { FetchedAt = later, BookingUrl = "https://agenda.example/moved" } : s with { FetchedAt = later })] };

        var result = await _store.Slots.ReplaceScopeAsync("pub", Scope(A), again, CancellationToken.None);
        var found = await SearchAsync(A);

        Assert.Multiple(() =>
        {
            Assert.That(result.SlotsStored, Is.EqualTo(3));
            Assert.That(result.SlotsRemoved, Is.Zero);
            Assert.That(found.Slots.Select(s => s.FetchedAt), Is.All.EqualTo(later), "freshness follows the latest fetch, changed or not");
            Assert.That(found.Slots.Select(s => s.BookingUrl), Is.EqualTo(new[] { "https://agenda.example/rdv", "https://agenda.example/moved", "https://agenda.example/rdv" }));
        });
    }

    [Test]
    public async Task An_older_version_of_a_held_slot_is_refused_and_the_held_row_kept()
    {
        var newer = Monday.AddHours(-1);
        var held = Batch("pub", (A, 2));
        held = held with { Slots = [.. held.Slots.Select(s => s with { SourceLastUpdated = newer })] };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), held, CancellationToken.None);

        // Slot 0 comes back older than held; slot 1 with the same version (accepted); slot 2 is new.
        var incoming = Batch("pub", (A, 3));
        incoming = incoming with
        {
            Slots =
            [
                incoming.Slots[0] with { SourceLastUpdated = newer.AddMinutes(-5), BookingUrl = "https://agenda.example/stale" },
                incoming.Slots[1] with { SourceLastUpdated = newer, BookingUrl = "https://agenda.example/same-version" },
                incoming.Slots[2],
            ],
        };
        var result = await _store.Slots.ReplaceScopeAsync("pub", Scope(A), incoming, CancellationToken.None);
        var found = await SearchAsync(A);

        Assert.Multiple(() =>
        {
            Assert.That(result.SlotsOutOfOrder, Is.EqualTo(1));
            Assert.That(result.SlotsStored, Is.EqualTo(2));
            Assert.That(result.SlotsRemoved, Is.Zero, "the refused slot is kept, not removed");
            Assert.That(found.Slots.Select(s => s.BookingUrl), Is.EqualTo(new[] { "https://agenda.example/rdv", "https://agenda.example/same-version", "https://agenda.example/rdv" }));
        });
    }

    private Task<SlotSearchResult> SearchAsync(params string[] ids) =>
        _store.Slots.SearchAsync(new SlotSearchCriteria(ids, Monday.AddHours(-1), Monday.AddHours(72), SlotStatus.Free, 1000), CancellationToken.None);
}
