using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Sync;
using Sas.Interop.Host.Admin;
using Sas.Interop.Sync.Runs;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>Today's KPI snapshot is written at most once per interval, and the last sync of a burst is never missed.</summary>
public sealed class DailySnapshotObserverTests
{
    // 10:00 in Paris: the day does not change within the test's minutes.
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    [Test]
    public async Task The_first_sync_writes_at_once_and_later_ones_within_the_interval_are_coalesced_into_one_write()
    {
        var clock = new FakeTimeProvider(Morning);
        var store = new RecordingStatisticsStore();
        using var observer = new DailySnapshotObserver(store, clock, new DailySnapshotOptions(Every), NullLogger<DailySnapshotObserver>.Instance);

        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
        var beforeIntervalEnds = store.Writes.Count;
        clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Multiple(() =>
        {
            Assert.That(beforeIntervalEnds, Is.EqualTo(1), "three syncs within five minutes: one write so far");
            Assert.That(store.Writes, Has.Count.EqualTo(2), "the syncs after the first are written once, when the interval ends");
            Assert.That(store.Writes[^1].TakenAt, Is.EqualTo(Morning + Every), "after the last sync, so its data is in");
            Assert.That(store.Writes.Select(w => w.Day), Is.All.EqualTo(new DateOnly(2026, 11, 24)));
        });
    }

    [Test]
    public async Task A_sync_after_a_quiet_interval_writes_at_once()
    {
        var clock = new FakeTimeProvider(Morning);
        var store = new RecordingStatisticsStore();
        using var observer = new DailySnapshotObserver(store, clock, new DailySnapshotOptions(Every), NullLogger<DailySnapshotObserver>.Instance);

        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
        clock.Advance(Every);
        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);

        Assert.That(store.Writes.Select(w => w.TakenAt), Is.EqualTo(new[] { Morning, Morning + Every }));
    }

    [Test]
    public async Task A_zero_interval_writes_after_every_sync()
    {
        var clock = new FakeTimeProvider(Morning);
        var store = new RecordingStatisticsStore();
        using var observer = new DailySnapshotObserver(store, clock, new DailySnapshotOptions(TimeSpan.Zero), NullLogger<DailySnapshotObserver>.Instance);

        for (var i = 0; i < 3; i++)
        {
            await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(store.Writes, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_write_deferred_past_midnight_is_dropped_and_the_new_day_writes_at_once()
    {
        // 23:58 in Paris (UTC+1 in November).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 22, 58, 0, TimeSpan.Zero));
        var store = new RecordingStatisticsStore();
        using var observer = new DailySnapshotObserver(store, clock, new DailySnapshotOptions(Every), NullLogger<DailySnapshotObserver>.Instance);

        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        await observer.OnRunCompletedAsync(Report(), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That(store.Writes.Select(w => w.Day), Is.EqualTo(new[] { new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25) }), "the deferred write for the 24th is not taken on the 25th, when the 24th's slots may be gone");
    }

    [TestCase("-00:01:00")]
    [TestCase("five minutes")]
    public void A_bad_interval_is_refused_with_its_key(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DailySnapshotOptions.Key] = value }).Build();

        Assert.That(() => DailySnapshotOptions.FromConfiguration(configuration), Throws.InvalidOperationException.With.Message.Contains("Admin:SnapshotEvery"));
    }

    private static SyncRunReport Report() => new(
        new SyncRunSummary { InstanceId = "pub", StartedAt = Morning, FinishedAt = Morning, Status = SyncRunStatus.Succeeded, BatchesSucceeded = 1 },
        [],
        []);

    /// <summary>Records snapshot writes; the observer calls nothing else.</summary>
    private sealed class RecordingStatisticsStore : IStatisticsStore
    {
        public List<(DateOnly Day, DateTimeOffset TakenAt)> Writes { get; } = [];

        public Task WriteDailySnapshotAsync(DateOnly day, DateTimeOffset takenAt, CancellationToken cancellationToken)
        {
            Writes.Add((day, takenAt));
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SourceHoldings>> GetHoldingsAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<FreeSlotCounts>> GetFreeSlotCountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AddSasSearchesAsync(DateOnly day, long count, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<DateOnly, long>> GetSasSearchesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlySet<string>> GetPractitionersWithFreeSlotsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<SlotExportRow> ExportSlotsAsync(SlotExportFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
