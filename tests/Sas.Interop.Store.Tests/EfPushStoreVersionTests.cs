using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>Push versions in the store itself, without the host's per-publisher lock: what holds across nodes.</summary>
[Category("Integration")]
public sealed class EfPushStoreVersionTests
{
    private const string Source = "push-alpha";
    private const string A = "810000000041";
    private static readonly Dictionary<PushKey, long> NoExpectation = [];
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp() => _store = await StoreFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task A_version_goes_up_on_content_changes_only()
    {
        var batch = Batch(Source, (A, 2));
        var slot = new PushKey("Slot", batch.Slots[0].NativeId);
        Assert.That((await ApplyAsync(batch))[slot], Is.EqualTo(new PushWriteOutcome(PushWriteStatus.Created, 1, Monday)));

        var replay = await ApplyAsync(batch with { Slots = [.. batch.Slots.Select(s => s with { FetchedAt = Monday.AddHours(1), SourceLastUpdated = Monday })] }, Monday.AddHours(1));
        Assert.That(replay.Values.Select(o => o.Status), Is.All.EqualTo(PushWriteStatus.Unchanged), "received time and meta.lastUpdated are not content");
        Assert.That(replay[slot].LastModified, Is.EqualTo(Monday), "the version's time is kept too");

        var changed = await ApplyAsync(batch with { Slots = [batch.Slots[0] with { Motives = ["Autre motif"] }] }, Monday.AddHours(2));
        Assert.That(changed[slot], Is.EqualTo(new PushWriteOutcome(PushWriteStatus.Updated, 2, Monday.AddHours(2))));
    }

    [Test]
    public async Task Concurrent_writes_with_the_same_expected_version_let_exactly_one_through()
    {
        var batch = Batch(Source, (A, 1));
        await ApplyAsync(batch);
        var key = new PushKey("Slot", batch.Slots[0].NativeId);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => _store.Push.ApplyAsync(
            Source,
            new NormalizedBatch { Slots = [batch.Slots[0] with { End = batch.Slots[0].End.AddMinutes(i) }] },
            [],
            new Dictionary<PushKey, long> { [key] = 1 },
            atomic: true,
            Monday,
            CancellationToken.None))));

        Assert.That(outcomes.Select(o => o[key].Status), Has.Exactly(1).EqualTo(PushWriteStatus.Updated).And.Exactly(7).EqualTo(PushWriteStatus.VersionConflict));
    }

    [Test]
    public async Task A_conflict_in_an_atomic_write_rolls_back_its_deletions_and_upserts()
    {
        var batch = Batch(Source, (A, 3));
        await ApplyAsync(batch);
        var stale = new Dictionary<PushKey, long> { [new PushKey("Slot", batch.Slots[0].NativeId)] = 5 };

        var outcome = await _store.Push.ApplyAsync(Source, batch with { Slots = [batch.Slots[0] with { Motives = ["x"] }, batch.Slots[1] with { Motives = ["y"] }] }, [batch.Slots[2].NativeId], stale, atomic: true, Monday, CancellationToken.None);

        Assert.That(outcome[new PushKey("Slot", batch.Slots[0].NativeId)].Status, Is.EqualTo(PushWriteStatus.VersionConflict));
        await using var db = await _store.Contexts.CreateDbContextAsync();
        var rows = await db.Slots.AsNoTracking().Where(s => s.SourceInstance == Source).OrderBy(s => s.NativeId).ToListAsync();
        Assert.That(rows.Select(r => (r.NativeId, r.Version, r.MotivesJson)), Is.EqualTo(batch.Slots.Select(s => (s.NativeId, (long?)1, RowMapper.ToJson(s.Motives)))), "all three kept, unchanged");
    }

    [Test]
    public async Task An_update_based_on_a_stale_read_matches_no_row()
    {
        // What protects a write racing another node's: EF puts the version read into the UPDATE's WHERE clause.
        await ApplyAsync(Batch(Source, (A, 1)));
        await using var stale = await _store.Contexts.CreateDbContextAsync();
        var row = await stale.Slots.SingleAsync();
        await using (var other = await _store.Contexts.CreateDbContextAsync())
        {
            await other.Slots.ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, 2));
        }

        row.MotivesJson = "[\"late\"]";
        Assert.ThrowsAsync<DbUpdateConcurrencyException>(async () => await stale.SaveChangesAsync());
    }

    private Task<IReadOnlyDictionary<PushKey, PushWriteOutcome>> ApplyAsync(NormalizedBatch batch, DateTimeOffset? now = null) =>
        _store.Push.ApplyAsync(Source, batch, [], NoExpectation, atomic: true, now ?? Monday, CancellationToken.None);
}
