using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

/// <summary>
/// The served-agenda cache (issue #7): answers from memory are the database's, and no write, by any path or node,
/// leaves a stale answer behind. Each answer is compared with a second node on the same database whose cache is off.
/// </summary>
[Category("Integration")]
public sealed class ServedAgendaCacheTests
{
    private const string A = "810000000071";
    private const string B = "810000000072";
    private StoreFixture _store = null!;
    private StoreFixture _reference = null!;

    public enum Write
    {
        SlotMoved,
        SlotGone,
        SlotAdded,
        PractitionerRenamed,
        PlaceMoved,
        Booking,
        RawSqlSlotStatus,
        RawSqlPlaceRendering,
        RawSqlScheduleDeleted,
        Push,
    }

    private ServedAgendaCache Cache => _store.Services.GetRequiredService<ServedAgendaCache>();

    [SetUp]
    public async Task SetUp()
    {
        _store = await StoreFixture.CreateAsync(new RecordingRenderer());
        _reference = await _store.AnotherNodeAsync(new RecordingRenderer(), servedCacheMegabytes: 0);
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Mixed(Batch("pub", (A, 6), (B, 3))), CancellationToken.None);
        await _store.Slots.ReplaceScopeAsync("other", Scope(A), Batch("other", (A, 2)), CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _reference.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task Answers_from_memory_are_the_databases_for_every_filter_cap_and_order()
    {
        var all = Criteria(A, B);
        var variants = new[]
        {
            all,
            all with { MaxSlots = 4 },
            all with { MaxSlots = 0 },
            all with { From = Monday.AddMinutes(60), To = Monday.AddMinutes(120) },
            all with { ModeFilters = [ConsultationModes.HomeVisit] },
            all with { TypeFilters = [SlotTypes.Pro] },
            all with { TypeFilters = [SlotTypes.Public], ModeFilters = [ConsultationModes.Ambulatory | ConsultationModes.HomeVisit] },
            all with { FetchedSince = Monday.AddMinutes(1) },
            Criteria(B, B, "810000000099"),
        };

        foreach (var criteria in variants)
        {
            var expected = Describe(await _reference.Slots.SearchServedAsync(criteria, CancellationToken.None));
            Assert.That(Describe(await _store.Slots.SearchServedAsync(criteria, CancellationToken.None)), Is.EqualTo(expected), "first (loads)");
            Assert.That(Describe(await _store.Slots.SearchServedAsync(criteria, CancellationToken.None)), Is.EqualTo(expected), "second (from memory)");
        }

        Assert.That(Cache.Hits, Is.GreaterThan(Cache.Misses), "most were answered from memory");
    }

    [Test]
    public async Task A_wider_window_or_another_status_than_the_one_held_is_read_again()
    {
        var narrow = Criteria(A, B) with { To = Monday.AddMinutes(30) };
        var variants = new[] { narrow, Criteria(A, B), narrow with { Status = SlotStatus.Busy }, Criteria(A, B) with { From = Monday.AddMinutes(-30) } };
        var answers = new List<string>();
        foreach (var criteria in variants)
        {
            var answer = Describe(await _store.Slots.SearchServedAsync(criteria, CancellationToken.None));
            Assert.That(answer, Is.EqualTo(Describe(await _reference.Slots.SearchServedAsync(criteria, CancellationToken.None))), criteria.ToString());
            answers.Add(answer);
        }

        Assert.That(answers[1], Does.Contain("slot-" + A + "-3"), "beyond the narrow window held first");
    }

    [Test]
    public async Task A_repeated_search_reads_no_agenda_and_a_write_reloads_only_the_practitioner_it_touched()
    {
        await _store.Slots.SearchServedAsync(Criteria(A, B), CancellationToken.None);
        var (hits, misses) = (Cache.Hits, Cache.Misses);
        await _store.Slots.SearchServedAsync(Criteria(A, B), CancellationToken.None);
        Assert.That((Cache.Hits - hits, Cache.Misses - misses), Is.EqualTo((2, 0)));

        await _store.Slots.ReplaceScopeAsync("pub", Scope(B), Batch("pub", (B, 2)), CancellationToken.None);
        (hits, misses) = (Cache.Hits, Cache.Misses);
        var answer = await _store.Slots.SearchServedAsync(Criteria(A, B), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((Cache.Hits - hits, Cache.Misses - misses), Is.EqualTo((1, 1)), "A from memory, B read again");
            Assert.That(answer!.Slots.Count(s => s.ScheduleNativeId == "s" + B), Is.EqualTo(2));
        });
    }

    [TestCaseSource(typeof(ServedAgendaCacheTests), nameof(Writes))]
    public async Task No_write_leaves_a_stale_answer_whatever_made_it(Write write)
    {
        var criteria = Criteria(A, B);
        var before = Describe(await _store.Slots.SearchServedAsync(criteria, CancellationToken.None));

        await ApplyAsync(_store, write);

        var expected = Describe(await _reference.Slots.SearchServedAsync(criteria, CancellationToken.None));
        var after = Describe(await _store.Slots.SearchServedAsync(criteria, CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(expected, Is.Not.EqualTo(before), "the write changes the answer");
            Assert.That(after, Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task A_write_through_another_node_shows_in_this_nodes_next_answer()
    {
        await using var other = await _store.AnotherNodeAsync(new RecordingRenderer());
        var criteria = Criteria(A, B);
        await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        await ApplyAsync(other, Write.PractitionerRenamed);
        var answer = await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answer!.Practitioners.Select(p => RecordingRenderer.Text(p.Rendering)), Has.Some.Contains("RENOMME"));
            Assert.That(Describe(answer), Is.EqualTo(Describe(_reference.Slots.SearchServedAsync(criteria, CancellationToken.None).Result)));
        });
    }

    [Test]
    public async Task A_slot_whose_schedule_is_another_practitioners_is_answered_from_the_database()
    {
        // The stamps follow a schedule's changes under its practitioner's national id: a slot filed under another
        // practitioner could go stale in memory, so such an agenda is never served from it.
        await using (var db = await _store.Contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE slots SET \"PractitionerNationalId\" = {B} WHERE \"NativeId\" = {"slot-" + A + "-1"} AND \"SourceInstance\" = 'pub'");
        }

        var criteria = Criteria(B);
        await _store.Slots.SearchServedAsync(criteria, CancellationToken.None);
        await using (var db = await _store.Contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE practitioners SET \"Family\" = 'X' WHERE \"NativeId\" = {"p" + A}");
        }

        Assert.That(
            Describe(await _store.Slots.SearchServedAsync(criteria, CancellationToken.None)),
            Is.EqualTo(Describe(await _reference.Slots.SearchServedAsync(criteria, CancellationToken.None))).And.Contains("slot-" + A + "-1"));
    }

    [Test]
    public async Task With_no_memory_given_every_search_reads_the_database()
    {
        await using var off = await _store.AnotherNodeAsync(new RecordingRenderer(), servedCacheMegabytes: 0);
        await off.Slots.SearchServedAsync(Criteria(A), CancellationToken.None);
        var cache = off.Services.GetRequiredService<ServedAgendaCache>();

        Assert.That((cache.Enabled, cache.Hits, cache.Misses), Is.EqualTo((false, 0L, 0L)));
    }

    [Test]
    public void A_negative_cache_size_is_refused_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:ServedCacheMegabytes"] = "-1" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => Hosting.StoreServiceCollectionExtensions.AddSasInteropStore(new ServiceCollection(), configuration));

        Assert.That(error!.Message, Does.Contain("Store:ServedCacheMegabytes"));
    }

    private static IEnumerable<Write> Writes() => Enum.GetValues<Write>();

    private static async Task ApplyAsync(StoreFixture node, Write write)
    {
        var later = Monday.AddMinutes(5);
        switch (write)
        {
            case Write.SlotMoved:
                var moved = Mixed(Batch("pub", (A, 6)));
                moved = moved with { Slots = [.. moved.Slots.Select((s, i) => i == 1 ? s with { Start = s.Start.AddMinutes(10), End = s.End.AddMinutes(10), FetchedAt = later } : s)] };
                await node.Slots.ReplaceScopeAsync("pub", Scope(A), moved, CancellationToken.None);
                break;
            case Write.SlotGone:
                var fewer = Mixed(Batch("pub", (A, 6)));
                await node.Slots.ReplaceScopeAsync("pub", Scope(A), fewer with { Slots = [.. fewer.Slots.Take(4)] }, CancellationToken.None);
                break;
            case Write.SlotAdded:
                await node.Slots.ReplaceScopeAsync("other", Scope(A), Batch("other", (A, 3)), CancellationToken.None);
                break;
            case Write.PractitionerRenamed:
                var renamed = Mixed(Batch("pub", (A, 6)));
                await node.Slots.ReplaceScopeAsync("pub", Scope(A), renamed with { Practitioners = [.. renamed.Practitioners.Select(p => p with { Family = "RENOMME" })] }, CancellationToken.None);
                break;
            case Write.PlaceMoved:
                var placed = Mixed(Batch("pub", (B, 3)));
                await node.Slots.ReplaceScopeAsync("pub", Scope(B), placed with { Places = [.. placed.Places.Select(p => p with { Address = new CanonicalAddress(["2 place du Marché"], "NERAC", "47600") })] }, CancellationToken.None);
                break;
            case Write.Booking:
                var slot = Slot("pub", A, 0);
                await node.Appointments.SaveAsync(
                    new AppointmentWrite("pub", "urn:oid:1.1.111.1.11.1.1.1", "rdv-1", "booked", slot.Start, slot.End, A, new SlotKey("pub", slot.NativeId), "{\"resourceType\":\"Appointment\"}"),
                    Monday,
                    CancellationToken.None);
                break;
            case Write.RawSqlSlotStatus:
                await SqlAsync(node, db => db.Database.ExecuteSqlAsync($"UPDATE slots SET \"Status\" = {(int)SlotStatus.Busy} WHERE \"NativeId\" = {"slot-" + B + "-1"}"));
                break;
            case Write.RawSqlPlaceRendering:
                byte[] rendering = [1, .. Encoding.UTF8.GetBytes("Place rewritten by hand")];
                await SqlAsync(node, db => db.Database.ExecuteSqlAsync($"UPDATE places SET \"ServedJson\" = {rendering} WHERE \"NativeId\" = {"r" + A} AND \"SourceInstance\" = 'other'"));
                break;
            case Write.RawSqlScheduleDeleted:
                // The slots then point to no schedule: not servable from renderings in either path.
                await SqlAsync(node, db => db.Database.ExecuteSqlAsync($"DELETE FROM schedules WHERE \"NativeId\" = {"s" + B}"));
                break;
            case Write.Push:
                var pushed = Batch("push-a", (B, 1));
                await node.Push.ApplyAsync("push-a", pushed, [], new Dictionary<PushKey, long>(), atomic: true, Monday, CancellationToken.None);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(write), write, null);
        }
    }

    private static async Task SqlAsync(StoreFixture node, Func<HubDbContext, Task<int>> statement)
    {
        await using var db = await node.Contexts.CreateDbContextAsync();
        Assert.That(await statement(db), Is.EqualTo(1), "one row written");
    }

    /// <summary>Slots of mixed types and modes (the builder's are all alike), so that the filters have work to do.</summary>
    private static NormalizedBatch Mixed(NormalizedBatch batch) => batch with
    {
        Slots = [.. batch.Slots.Select((s, i) => (i % 3) switch
        {
            0 => s,
            1 => s with { Types = SlotTypes.Pro, Modes = ConsultationModes.HomeVisit },
            _ => s with { Types = SlotTypes.Cpts, FetchedAt = Monday.AddMinutes(2) },
        })],
    };

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
