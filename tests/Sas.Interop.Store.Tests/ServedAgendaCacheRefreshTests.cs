using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>
/// Issue #20: a re-sync that only refreshes fetch times keeps the served-agenda cache warm (the entry is refreshed:
/// its renderings kept, its fetch times read again), while the answer stays the database's, fetch times included
/// (they are <c>meta.lastUpdated</c> and decide the stale tag and the withholding). Compared, as in
/// <see cref="ServedAgendaCacheTests"/>, with a second node on the same database whose cache is off.
/// </summary>
[Category("Integration")]
public sealed class ServedAgendaCacheRefreshTests
{
    private const string A = "810000000071";
    private const string B = "810000000072";
    private static readonly DateTimeOffset Later = Monday.AddMinutes(40);
    private StoreFixture _store = null!;
    private StoreFixture _reference = null!;

    private ServedAgendaCache Cache => _store.Services.GetRequiredService<ServedAgendaCache>();

    [SetUp]
    public async Task SetUp()
    {
        _store = await StoreFixture.CreateAsync(new RecordingRenderer());
        _reference = await _store.AnotherNodeAsync(new RecordingRenderer(), servedCacheMegabytes: 0);
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 6), (B, 3)), CancellationToken.None);
        await _store.Slots.ReplaceScopeAsync("other", Scope(A), Batch("other", (A, 2)), CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _reference.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task An_unchanged_resync_refreshes_the_entries_with_the_new_fetch_times_instead_of_reading_them_again()
    {
        var criteria = Criteria(A, B);
        await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), FetchedAt(Batch("pub", (A, 6), (B, 3)), Later), CancellationToken.None);
        var (hits, misses, refreshes) = Counts();
        var answer = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Since(hits, misses, refreshes), Is.EqualTo((0L, 0L, 2L)), "A and B refreshed, neither read again");
            Assert.That(Describe(answer), Is.EqualTo(Describe(_reference.Slots.SearchServedAsync(criteria, CancellationToken.None).Result)));
            Assert.That(answer!.Slots.Where(s => s.Record.SourceInstance == "pub").Select(s => s.Record.FetchedAt), Is.All.EqualTo(Later));
            Assert.That(answer.Practitioners.Where(p => p.SourceInstance == "pub").Select(p => p.FetchedAt), Is.All.EqualTo(Later));
            Assert.That(answer.Places.Where(p => p.SourceInstance == "pub").Select(p => p.FetchedAt), Is.All.EqualTo(Later));
            Assert.That(answer.Schedules.Where(s => s.Record.SourceInstance == "pub").Select(s => s.Record.FetchedAt), Is.All.EqualTo(Later));
            Assert.That(answer.Slots.Where(s => s.Record.SourceInstance == "other").Select(s => s.Record.FetchedAt), Is.All.EqualTo(Monday), "the other source was not re-synced");
        });

        (hits, misses, refreshes) = Counts();
        await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);
        Assert.That(Since(hits, misses, refreshes), Is.EqualTo((2L, 0L, 0L)), "the refreshed entries are current");
    }

    [Test]
    public async Task A_slot_withheld_for_its_old_fetch_time_is_served_again_after_an_unchanged_resync_refreshes_it()
    {
        // FetchedSince is how the facade withholds (and, with a shorter age, tags stale) slots by fetch time: the
        // cached answer must follow the fetch times the re-sync wrote.
        var criteria = Criteria(A, B) with { FetchedSince = Monday.AddMinutes(20) };
        var before = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);
        Assert.That(before!.Total, Is.Zero, "everything was fetched at Monday, before FetchedSince");

        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), FetchedAt(Batch("pub", (A, 6), (B, 3)), Later), CancellationToken.None);
        var refreshes = Cache.Refreshes;
        var after = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Cache.Refreshes - refreshes, Is.EqualTo(2));
            Assert.That(after!.Total, Is.EqualTo(9), "pub's 9 slots, fetched again; other's 2 still old");
            Assert.That(Describe(after), Is.EqualTo(Describe(_reference.Slots.SearchServedAsync(criteria, CancellationToken.None).Result)));
        });
    }

    [Test]
    public async Task A_fetch_time_refreshed_by_raw_sql_on_any_of_the_four_tables_shows_in_the_next_answer()
    {
        var criteria = Criteria(A, B);
        await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);
        var later = Later.UtcDateTime;
        await using (var db = await _store.Contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE slots SET \"FetchedAtUtc\" = {later} WHERE \"NativeId\" = {"slot-" + A + "-2"} AND \"SourceInstance\" = 'pub'");
            await db.Database.ExecuteSqlAsync($"UPDATE schedules SET \"FetchedAtUtc\" = {later} WHERE \"NativeId\" = {"s" + B}");
            await db.Database.ExecuteSqlAsync($"UPDATE practitioners SET \"FetchedAtUtc\" = {later} WHERE \"NativeId\" = {"p" + A} AND \"SourceInstance\" = 'other'");
            await db.Database.ExecuteSqlAsync($"UPDATE places SET \"FetchedAtUtc\" = {later} WHERE \"NativeId\" = {"r" + B}");
        }

        var (hits, misses, refreshes) = Counts();
        var answer = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Since(hits, misses, refreshes), Is.EqualTo((0L, 0L, 2L)));
            Assert.That(Describe(answer), Is.EqualTo(Describe(_reference.Slots.SearchServedAsync(criteria, CancellationToken.None).Result)));
            Assert.That(answer!.Slots.Single(s => s.Record.SourceInstance == "pub" && s.Record.NativeId == $"slot-{A}-2").Record.FetchedAt, Is.EqualTo(Later));
        });
    }

    [Test]
    public async Task A_resync_that_changes_content_is_still_a_miss()
    {
        var criteria = Criteria(A, B);
        await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);
        var renamed = FetchedAt(Batch("pub", (A, 6)), Later);
        renamed = renamed with { Practitioners = [.. renamed.Practitioners.Select(p => p with { Family = "RENOMME" })] };

        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), renamed, CancellationToken.None);
        var (hits, misses, refreshes) = Counts();
        var answer = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Since(hits, misses, refreshes), Is.EqualTo((1L, 1L, 0L)), "A read again, B untouched");
            Assert.That(Describe(answer), Is.EqualTo(Describe(_reference.Slots.SearchServedAsync(criteria, CancellationToken.None).Result)).And.Contains("RENOMME"));
        });
    }

    [Test]
    public async Task The_triggers_bump_the_content_stamp_for_content_and_the_fetch_stamp_for_fetch_times_only()
    {
        var later = Later.UtcDateTime;
        var start = await StampsAsync(A, "pub");

        await SqlAsync($"UPDATE slots SET \"FetchedAtUtc\" = {later} WHERE \"NativeId\" = {"slot-" + A + "-1"} AND \"SourceInstance\" = 'pub'");
        var afterFetch = await StampsAsync(A, "pub");
        await SqlAsync($"UPDATE places SET \"FetchedAtUtc\" = {later} WHERE \"NativeId\" = {"r" + A} AND \"SourceInstance\" = 'pub'");
        var afterPlaceFetch = await StampsAsync(A, "pub");
        await SqlAsync($"UPDATE slots SET \"FetchedAtUtc\" = {later} WHERE \"NativeId\" = {"slot-" + A + "-1"} AND \"SourceInstance\" = 'pub'");
        var afterNoChange = await StampsAsync(A, "pub");
        await SqlAsync($"UPDATE slots SET \"Types\" = 1, \"FetchedAtUtc\" = {later.AddMinutes(1)} WHERE \"NativeId\" = {"slot-" + A + "-1"} AND \"SourceInstance\" = 'pub'");
        var afterContent = await StampsAsync(A, "pub");
        await SqlAsync($"UPDATE schedules SET \"Inactive\" = {true} WHERE \"NativeId\" = {"s" + A} AND \"SourceInstance\" = 'pub'");
        var afterSchedule = await StampsAsync(A, "pub");

        Assert.Multiple(() =>
        {
            Assert.That(afterFetch, Is.EqualTo((start.Stamp, start.FetchStamp + 1)), "slot fetch time: fetch stamp only");
            Assert.That(afterPlaceFetch, Is.EqualTo((start.Stamp, start.FetchStamp + 2)), "place fetch time: fetch stamp only");
            Assert.That(afterNoChange, Is.EqualTo(afterPlaceFetch), "an UPDATE that changes nothing bumps nothing");
            Assert.That(afterContent.Stamp, Is.EqualTo(start.Stamp + 1), "content and fetch time: content stamp");
            Assert.That(afterSchedule.Stamp, Is.EqualTo(start.Stamp + 2), "a schedule's content, through its practitioner");
        });
    }

    private static NormalizedBatch FetchedAt(NormalizedBatch batch, DateTimeOffset fetchedAt) => batch with
    {
        Practitioners = [.. batch.Practitioners.Select(p => p with { FetchedAt = fetchedAt })],
        Places = [.. batch.Places.Select(p => p with { FetchedAt = fetchedAt })],
        Schedules = [.. batch.Schedules.Select(s => s with { FetchedAt = fetchedAt })],
        Slots = [.. batch.Slots.Select(s => s with { FetchedAt = fetchedAt })],
    };

    private (long Hits, long Misses, long Refreshes) Counts() => (Cache.Hits, Cache.Misses, Cache.Refreshes);

    private (long, long, long) Since(long hits, long misses, long refreshes) => (Cache.Hits - hits, Cache.Misses - misses, Cache.Refreshes - refreshes);

    private async Task SqlAsync(FormattableString statement)
    {
        await using var db = await _store.Contexts.CreateDbContextAsync();
        Assert.That(await db.Database.ExecuteSqlAsync(statement), Is.EqualTo(1), "one row written");
    }

    private async Task<(long Stamp, long FetchStamp)> StampsAsync(string nationalId, string source)
    {
        await using var db = await _store.Contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT \"Stamp\", \"FetchStamp\" FROM served_stamps WHERE \"PractitionerNationalId\" = '{nationalId}' AND \"SourceInstance\" = '{source}'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "a stamp row");
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static SlotSearchCriteria Criteria(params string[] practitioners) =>
        new(practitioners, Monday, Monday.AddHours(72), SlotStatus.Free, 1000);

    /// <summary>An answer as text: total, then every record's key, fetch time and rendering, in answer order.</summary>
    private static string Describe(ServedSlotSearchResult? answer)
    {
        if (answer is null)
        {
            return "(built from resources)";
        }

        static string Of(ServedRecord r) => $"{r.SourceInstance}/{r.NativeId}@{r.FetchedAt:O} {RecordingRenderer.Text(r.Rendering)}";
        return string.Join(
            "\n",
            [
                $"total {answer.Total}",
                .. answer.Slots.Select(s => "slot " + Of(s.Record) + " -> " + s.ScheduleNativeId),
                .. answer.Schedules.Select(s => "schedule " + Of(s.Record) + $" -> {s.PractitionerNativeId} {s.PlaceNativeId}"),
                .. answer.Practitioners.Select(p => "practitioner " + Of(p)),
                .. answer.Places.Select(p => "place " + Of(p)),
            ]);
    }
}
