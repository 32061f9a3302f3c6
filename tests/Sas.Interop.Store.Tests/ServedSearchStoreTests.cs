using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>Renderings stored with each row, and the search that serves them (issue #7).</summary>
[Category("Integration")]
public sealed class ServedSearchStoreTests
{
    private const string A = "810000000071";
    private const string B = "810000000072";
    private RecordingRenderer _renderer = null!;
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _renderer = new RecordingRenderer();
        _store = await StoreFixture.CreateAsync(_renderer);
    }

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task The_served_search_finds_what_the_search_finds_in_the_same_order_with_each_rows_rendering()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 3), (B, 2)), CancellationToken.None);
        var criteria = Criteria(A, B) with { MaxSlots = 4 };

        var built = await _store.Slots.SearchAsync(criteria, CancellationToken.None);
        var served = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        Assert.That(served, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(served!.Total, Is.EqualTo(built.Total).And.EqualTo(5), "capped at 4, all 5 counted");
            Assert.That(served.Slots.Select(s => s.Record.NativeId), Is.EqualTo(built.Slots.Select(s => s.NativeId)));
            Assert.That(served.Slots.Select(s => s.ScheduleNativeId), Is.EqualTo(built.Slots.Select(s => s.ScheduleNativeId)));
            Assert.That(served.Schedules.Select(s => (s.Record.NativeId, s.PractitionerNativeId, s.PlaceNativeId)), Is.EqualTo(built.Schedules.Select(s => (s.NativeId, s.PractitionerNativeId, s.PlaceNativeId))));
            Assert.That(served.Practitioners.Select(p => p.NativeId), Is.EqualTo(built.Practitioners.Select(p => p.NativeId)));
            Assert.That(served.Places.Select(p => p.NativeId), Is.EqualTo(built.Places.Select(p => p.NativeId)));
            Assert.That(served.Slots.Select(s => s.Record.FetchedAt), Is.EqualTo(built.Slots.Select(s => s.FetchedAt)));
            Assert.That(RecordingRenderer.Text(served.Slots[0].Record.Rendering), Does.StartWith($"Slot slot-{A}-0 "));
            Assert.That(RecordingRenderer.Text(served.Places[0].Rendering), Is.EqualTo($"Place r{A} AGEN v"));
        });
    }

    [Test]
    public async Task Two_sources_using_the_same_native_ids_each_get_their_own_includes()
    {
        // Both publishers call their records p…, r…, s…: the engine matches ids per column, the store keeps exact pairs.
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 2), (B, 1)), CancellationToken.None);
        var other = Batch("other", (A, 2));
        other = other with { Practitioners = [.. other.Practitioners.Select(p => p with { Family = "AUTRE" })] };
        await _store.Slots.ReplaceScopeAsync("other", Scope(A), other, CancellationToken.None);

        var built = await _store.Slots.SearchAsync(Criteria(A, B), CancellationToken.None);
        var served = await _store.Slots.SearchServedAsync(Criteria(A, B), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(served!.Slots.Select(s => (s.Record.SourceInstance, s.Record.NativeId)), Is.EqualTo(built.Slots.Select(s => (s.SourceInstance, s.NativeId))));
            Assert.That(served.Schedules.Select(s => (s.Record.SourceInstance, s.Record.NativeId)), Is.EqualTo(built.Schedules.Select(s => (s.SourceInstance, s.NativeId))));
            Assert.That(served.Practitioners.Select(p => (p.SourceInstance, p.NativeId)).ToList(), Is.EqualTo(built.Practitioners.Select(p => (p.SourceInstance, p.NativeId))).And.Count.EqualTo(3));
            Assert.That(served.Places.Select(p => (p.SourceInstance, p.NativeId)), Is.EqualTo(built.Places.Select(p => (p.SourceInstance, p.NativeId))));
            Assert.That(served.Practitioners.Where(p => p.SourceInstance == "other").Select(p => RecordingRenderer.Text(p.Rendering)), Is.EqualTo(new[] { $"Practitioner p{A} AUTRE v" }));
        });
    }

    [Test]
    public async Task A_resync_of_unchanged_slots_renders_nothing_and_a_changed_slot_is_rendered_again()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 3)), CancellationToken.None);
        Assert.That(_renderer.SlotsRendered, Is.EqualTo(3));

        var later = Batch("pub", (A, 3));
        later = later with { Slots = [.. later.Slots.Select((s, i) => (i == 1 ? s with { Motives = ["Renouvellement"] } : s) with { FetchedAt = Monday.AddMinutes(5) })] };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), later, CancellationToken.None);

        var served = await _store.Slots.SearchServedAsync(Criteria(A), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(_renderer.SlotsRendered, Is.EqualTo(4), "only the changed slot was rendered again");
            Assert.That(RecordingRenderer.Text(served!.Slots[1].Record.Rendering), Does.EndWith("Renouvellement v"));
            Assert.That(served.Slots.Select(s => s.Record.FetchedAt), Is.All.EqualTo(Monday.AddMinutes(5)), "the fetch time is the row's, not the rendering's");
        });
    }

    [Test]
    public async Task Renderings_of_another_format_are_not_served_until_the_next_sync_renders_them_again()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 3)), CancellationToken.None);
        _renderer.Format = 2;

        var beforeSync = await _store.Slots.SearchServedAsync(Criteria(A), CancellationToken.None);
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 3)), CancellationToken.None);
        var afterSync = await _store.Slots.SearchServedAsync(Criteria(A), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(beforeSync, Is.Null, "format 1 rows: the caller builds the answer instead");
            Assert.That(_renderer.SlotsRendered, Is.EqualTo(6), "the unchanged slots were rendered again for the new format");
            Assert.That(afterSync!.Slots.Select(s => s.Record.Rendering[0]), Is.All.EqualTo(2));
            Assert.That(afterSync.Places.Concat(afterSync.Practitioners).Select(r => r.Rendering[0]), Is.All.EqualTo(2));
        });
    }

    [Test]
    public async Task A_served_search_leaves_no_connection_open_in_the_pooled_contexts()
    {
        // The served search opens its connection itself; a pooled context handed out again must not keep it open
        // (on PostgreSQL every pooled context would hold a server connection).
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 2)), CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await _store.Slots.SearchServedAsync(Criteria(A), CancellationToken.None), Is.Not.Null);
        }

        await using var db = await _store.Contexts.CreateDbContextAsync();

        Assert.That(db.Database.GetDbConnection().State, Is.EqualTo(System.Data.ConnectionState.Closed));
    }

    [Test]
    public async Task Without_a_renderer_nothing_is_served_from_renderings()
    {
        await using var plain = await StoreFixture.CreateAsync();
        await plain.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 2)), CancellationToken.None);

        Assert.That(await plain.Slots.SearchServedAsync(Criteria(A), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Pushed_rows_are_rendered_with_their_version()
    {
        var batch = Batch("push-a", (A, 1));
        await _store.Push.ApplyAsync("push-a", batch, [], new Dictionary<PushKey, long>(), atomic: true, Monday, CancellationToken.None);
        var changed = batch with { Slots = [batch.Slots[0] with { Motives = ["Autre"] }], Practitioners = [], Places = [], Schedules = [] };
        await _store.Push.ApplyAsync("push-a", changed, [], new Dictionary<PushKey, long>(), atomic: true, Monday.AddHours(1), CancellationToken.None);

        var served = await _store.Slots.SearchServedAsync(Criteria(A), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(RecordingRenderer.Text(served!.Slots.Single().Record.Rendering), Does.EndWith("Autre v2"));
            Assert.That(RecordingRenderer.Text(served.Practitioners.Single().Rendering), Does.EndWith("v1"));
        });
    }

    [Test]
    public async Task A_booked_slot_loses_its_rendering_with_its_free_status()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), Batch("pub", (A, 2)), CancellationToken.None);
        var slot = Slot("pub", A, 0);
        await _store.Appointments.SaveAsync(
            new AppointmentWrite("pub", "urn:oid:1.1.111.1.11.1.1.1", "rdv-1", "booked", slot.Start, slot.End, A, new SlotKey("pub", slot.NativeId), "{\"resourceType\":\"Appointment\"}"),
            Monday,
            CancellationToken.None);

        var free = await _store.Slots.SearchServedAsync(Criteria(A), CancellationToken.None);
        var busy = await _store.Slots.SearchServedAsync(Criteria(A) with { Status = SlotStatus.Busy }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(free!.Slots.Select(s => s.Record.NativeId), Is.EqualTo(new[] { $"slot-{A}-1" }));
            Assert.That(busy, Is.Null, "the busy row has no rendering (it said free): it can only be built");
        });
    }

    private static SlotSearchCriteria Criteria(params string[] practitioners) =>
        new(practitioners, Monday, Monday.AddHours(72), SlotStatus.Free, 1000);
}
