using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>
/// The newest fact wins, by time of fact (src/Sas.Interop.Core/truth.md): a booking made at T is not undone by a publisher answer
/// fetched before T, whenever its store step runs; an answer fetched after T says what the publisher says.
/// </summary>
[Category("Integration")]
public sealed class BookingVersusSyncTests
{
    private const string A = "810000000001";
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp() => _store = await StoreFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task A_sync_fetched_before_a_booking_does_not_free_the_booked_slot()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 3)), CancellationToken.None);
        var bookedAt = Monday.AddMinutes(10);
        await BookAsync("slot-" + A + "-1", bookedAt);

        // Fetched at Monday + 5 min (before the booking), stored after it: the publisher still listed the slot free.
        var result = await _store.Slots.ReplaceScopeAsync("pub", Scope(A), FetchedAt(Batch("pub", (A, 3)), bookedAt.AddMinutes(-5)), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await FreeIdsAsync(), Is.EqualTo(new[] { $"slot-{A}-0", $"slot-{A}-2" }), "the booking is the newer fact");
            Assert.That(result.SlotsOutOfOrder, Is.EqualTo(1), "the stale answer for the booked slot is counted as refused");
        });
    }

    [Test]
    public async Task A_sync_fetched_after_a_booking_says_what_the_publisher_says()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 3)), CancellationToken.None);
        var bookedAt = Monday.AddMinutes(10);
        await BookAsync("slot-" + A + "-1", bookedAt);

        // The publisher, asked after the booking, still lists it free (the patient never came, or it refused the booking).
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), FetchedAt(Batch("pub", (A, 3)), bookedAt.AddMinutes(1)), CancellationToken.None);
        Assert.That(await FreeIdsAsync(), Has.Count.EqualTo(3), "a later publisher fact replaces the booking");

        // And once replaced, an even older answer is no longer held back by the booking that is gone.
        await BookAsync("slot-" + A + "-2", bookedAt.AddMinutes(2));
        var busy = Batch("pub", (A, 3));
        busy = busy with { Slots = [.. busy.Slots.Select(s => s.NativeId == $"slot-{A}-2" ? s with { Status = SlotStatus.Busy } : s)] };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), FetchedAt(busy, bookedAt.AddMinutes(3)), CancellationToken.None);
        Assert.That(await FreeIdsAsync(), Is.EqualTo(new[] { $"slot-{A}-0", $"slot-{A}-1" }), "the publisher confirms the booking");
    }

    [Test]
    public async Task A_cancelled_appointment_does_not_hold_back_an_older_sync()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 2)), CancellationToken.None);
        await _store.Appointments.SaveAsync(Write("slot-" + A + "-0", "cancelled"), Monday.AddMinutes(10), CancellationToken.None);

        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), FetchedAt(Batch("pub", (A, 2)), Monday.AddMinutes(5)), CancellationToken.None);

        Assert.That(await FreeIdsAsync(), Has.Count.EqualTo(2), "a cancellation books nothing");
    }

    private static NormalizedBatch FetchedAt(NormalizedBatch batch, DateTimeOffset fetchedAt) =>
        batch with { Slots = [.. batch.Slots.Select(s => s with { FetchedAt = fetchedAt })] };

    private Task BookAsync(string slotId, DateTimeOffset at) =>
        _store.Appointments.SaveAsync(Write(slotId, "booked"), at, CancellationToken.None);

    private static AppointmentWrite Write(string slotId, string status) =>
        new("alpha", "urn:oid:1.2.3", "appt-" + slotId, status, Monday, Monday.AddMinutes(20), A, new SlotKey("pub", slotId), "{}");

    private async Task<IReadOnlyList<string>> FreeIdsAsync()
    {
        var found = await _store.Slots.SearchAsync(
            new SlotSearchCriteria([A], Monday.AddHours(-1), Monday.AddHours(72), SlotStatus.Free, 100),
            CancellationToken.None);
        return [.. found.Slots.Select(s => s.NativeId)];
    }
}
