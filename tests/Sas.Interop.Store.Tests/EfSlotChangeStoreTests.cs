using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>Incremental batches (SMART Scheduling Links `_since`): upsert what changed, never delete.</summary>
[Category("Integration")]
public sealed class EfSlotChangeStoreTests
{
    private const string A = "810000000041";
    private const string B = "810000000042";
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp() => _store = await StoreFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task A_booked_slot_stops_being_served_a_new_one_appears_and_nothing_else_moves()
    {
        await _store.Slots.ReplaceScopeAsync("ssl", Scope(A, B), Batch("ssl", (A, 3), (B, 2)), CancellationToken.None);
        var snapshot = Batch("ssl", (A, 4));
        var changes = snapshot with
        {
            Slots = [snapshot.Slots[1] with { Status = SlotStatus.Busy }, snapshot.Slots[3]],
        };

        var result = await _store.Changes.UpsertChangesAsync("ssl", changes, CancellationToken.None);

        var a = await SearchAsync(A);
        var b = await SearchAsync(B);
        Assert.Multiple(() =>
        {
            Assert.That(result.SlotsRemoved, Is.Zero);
            Assert.That(a.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { $"slot-{A}-0", $"slot-{A}-2", $"slot-{A}-3" }), "slot 1 booked (busy), slot 3 new");
            Assert.That(b.Total, Is.EqualTo(2), "a practitioner absent from the changes keeps all its slots");
        });
    }

    [Test]
    public async Task A_change_fetched_before_a_booking_does_not_free_the_booked_slot_and_an_older_change_is_refused()
    {
        var slots = Batch("ssl", (A, 3)).Slots.Select(s => s with { SourceLastUpdated = Monday.AddMinutes(30) }).ToList();
        await _store.Slots.ReplaceScopeAsync("ssl", Scope(A), Batch("ssl", (A, 0)) with { Slots = slots }, CancellationToken.None);
        var booking = new Core.Appointments.AppointmentWrite("alpha", "urn:oid:1.2.3", "appt-1", "booked", Monday, Monday.AddMinutes(20), A, new Core.Appointments.SlotKey("ssl", $"slot-{A}-1"), "{}");
        await _store.Appointments.SaveAsync(booking, Monday.AddMinutes(40), CancellationToken.None);

        // Slot 1 listed free in a change fetched before the booking; slot 2 moved, but older by meta.lastUpdated than the row held.
        var result = await _store.Changes.UpsertChangesAsync(
            "ssl",
            Batch("ssl", (A, 0)) with
            {
                Slots =
                [
                    slots[1] with { FetchedAt = Monday.AddMinutes(35), SourceLastUpdated = Monday.AddMinutes(31) },
                    slots[2] with { End = slots[2].End.AddMinutes(5), FetchedAt = Monday.AddMinutes(50), SourceLastUpdated = Monday.AddMinutes(20) },
                ],
            },
            CancellationToken.None);

        var a = await SearchAsync(A);
        Assert.Multiple(() =>
        {
            Assert.That(a.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { $"slot-{A}-0", $"slot-{A}-2" }), "slot 1 stays booked");
            Assert.That(a.Slots[1].End, Is.EqualTo(slots[2].End), "slot 2 keeps its newer version");
            Assert.That(result.SlotsOutOfOrder, Is.EqualTo(2));
        });
    }

    private Task<SlotSearchResult> SearchAsync(string id) =>
        _store.Slots.SearchAsync(new SlotSearchCriteria([id], Monday.AddHours(-1), Monday.AddHours(72), SlotStatus.Free, 1000), CancellationToken.None);
}
