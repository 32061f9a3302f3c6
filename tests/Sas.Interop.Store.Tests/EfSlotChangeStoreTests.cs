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

    private Task<SlotSearchResult> SearchAsync(string id) =>
        _store.Slots.SearchAsync(new SlotSearchCriteria([id], Monday.AddHours(-1), Monday.AddHours(72), SlotStatus.Free, 1000), CancellationToken.None);
}
