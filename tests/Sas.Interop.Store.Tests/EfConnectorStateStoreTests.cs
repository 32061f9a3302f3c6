using Sas.Interop.Core.Sync;

namespace Sas.Interop.Store.Tests;

[Category("Integration")]
public sealed class EfConnectorStateStoreTests
{
    [Test]
    public async Task Failures_accumulate_until_a_success_resets_them()
    {
        await using var store = await StoreFixture.CreateAsync();
        var t0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

        await store.States.RecordRunAsync(Run(t0, SyncRunStatus.Failed, "Timeout: publisher too slow"), CancellationToken.None);
        await store.States.RecordRunAsync(Run(t0.AddMinutes(5), SyncRunStatus.Failed, "Network: refused"), CancellationToken.None);
        var failing = (await store.States.GetAllAsync(CancellationToken.None)).Single();

        await store.States.RecordRunAsync(Run(t0.AddMinutes(10), SyncRunStatus.Succeeded), CancellationToken.None);
        var healthy = (await store.States.GetAllAsync(CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(failing.ConsecutiveFailures, Is.EqualTo(2));
            Assert.That(failing.LastError, Is.EqualTo("Network: refused"));
            Assert.That(failing.LastSuccessAt, Is.Null);
            Assert.That(healthy.ConsecutiveFailures, Is.Zero);
            Assert.That(healthy.LastError, Is.Null);
            Assert.That(healthy.LastSuccessAt, Is.EqualTo(t0.AddMinutes(10).AddSeconds(2)));
            Assert.That(healthy.LastRun!.Status, Is.EqualTo(SyncRunStatus.Succeeded));
        });
    }

    private static SyncRunSummary Run(DateTimeOffset start, SyncRunStatus status, params string[] errors) => new()
    {
        InstanceId = "pub",
        StartedAt = start,
        FinishedAt = start.AddSeconds(2),
        Status = status,
        Errors = errors,
    };
}
