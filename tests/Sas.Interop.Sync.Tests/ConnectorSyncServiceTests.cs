using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Hosting;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Runs;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Sync.Tests;

[Category("Integration")]
[NonParallelizable]
public sealed class ConnectorSyncServiceTests
{
    private const string A = "810000000011";
    private const string B = "810000000012";
    private const string C = "810000000013";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private RecordingObserver _observer = null!;
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(";Pooling=False");
        _observer = new RecordingObserver();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = _database.Provider,
            ["Store:ConnectionString"] = _database.ConnectionString,
            ["Connectors:pub:Type"] = "scripted",
            ["Connectors:pub:BaseUrl"] = "http://127.0.0.1:1/fhir",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Now))
            .AddSingleton<ISyncRunObserver>(_observer)
            .AddSasInteropStore(configuration)
            .AddSasInteropSync(configuration)
            .AddConnectorType<ScriptedConnectorType>()
            .BuildServiceProvider();
        await _services.InitializeSasInteropStoreAsync(CancellationToken.None);
        ScriptedConnectorType.Scripts["pub"] = new();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_connectors_own_issues_are_reported_and_counted_as_rejected()
    {
        var skipped = new IngestionIssue("Schedule", "sch-1", IngestionIssueReasons.StructureAgenda, "names no practitioner", "Schedule.actor");
        ScriptedConnectorType.Scripts["pub"].Enqueue(ctx =>
        [
            ConnectorBatch.Success(new SyncScope(SyncScopeKind.Practitioner, [A], ctx.WindowStart, ctx.WindowEnd), PublisherResources.For(A, ctx.WindowStart.AddHours(1), 2), ctx.WindowStart, TimeSpan.Zero).WithIssues([skipped]),
        ]);

        var run = await _services.GetRequiredService<IConnectorSyncService>().SyncAsync("pub", CancellationToken.None);

        Assert.That(run.Status, Is.EqualTo(SyncRunStatus.Succeeded));
        Assert.That(run.ResourcesRejected, Is.EqualTo(1));
        Assert.That(_observer.Reports.Single().Issues, Does.Contain(skipped));
    }

    [Test]
    public async Task A_failed_batch_keeps_its_previous_slots_while_successful_ones_are_replaced()
    {
        Script(ctx => [Success(ctx, A, 3), Success(ctx, B, 2)]);
        Script(ctx => [Failure(ctx, A), Success(ctx, B, 1)]);
        Script(ctx => [Failure(ctx, A), Failure(ctx, B)]);
        var sync = _services.GetRequiredService<IConnectorSyncService>();

        var first = await sync.SyncAsync("pub", CancellationToken.None);
        var second = await sync.SyncAsync("pub", CancellationToken.None);
        var afterSecond = await CountAsync();
        var third = await sync.SyncAsync("pub", CancellationToken.None);
        var afterThird = await CountAsync();
        var state = (await _services.GetRequiredService<IConnectorStateStore>().GetAllAsync(CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(SyncRunStatus.Succeeded));
            Assert.That(first.SlotsStored, Is.EqualTo(5));
            Assert.That(first.KeysAsked, Is.EqualTo(2));
            Assert.That(second.Status, Is.EqualTo(SyncRunStatus.Partial));
            Assert.That(second.SlotsRemoved, Is.EqualTo(1));
            Assert.That(second.Errors.Single(), Does.StartWith("Timeout:"));
            Assert.That(afterSecond, Is.EqualTo((3, 1)), "A's slots survive its failed batch; B is replaced");
            Assert.That(third.Status, Is.EqualTo(SyncRunStatus.Failed));
            Assert.That(afterThird, Is.EqualTo((3, 1)), "a fully failed sync changes nothing");
            Assert.That(state.ConsecutiveFailures, Is.EqualTo(1));
            Assert.That(state.LastError, Does.Contain("publisher too slow"));
        });
    }

    [Test]
    public async Task A_connector_that_throws_is_a_failed_run_not_a_crash()
    {
        Script(_ => throw new InvalidOperationException("boom"));

        var run = await _services.GetRequiredService<IConnectorSyncService>().SyncAsync("pub", CancellationToken.None);

        Assert.That(run.Status, Is.EqualTo(SyncRunStatus.Failed));
        Assert.That(run.Errors.Single(), Does.Contain("boom"));
    }

    [Test]
    public void An_unknown_instance_is_refused()
    {
        var sync = _services.GetRequiredService<IConnectorSyncService>();

        Assert.That(async () => await sync.SyncAsync("nope", CancellationToken.None), Throws.InstanceOf<KeyNotFoundException>());
    }

    [Test]
    public async Task The_window_is_the_same_instant_whatever_offset_the_clock_reports()
    {
        ConnectorFetchContext? seen = null;
        Script(ctx =>
        {
            seen = ctx;
            return [];
        });
        ((FakeTimeProvider)_services.GetRequiredService<TimeProvider>()).SetUtcNow(Now.ToOffset(TimeSpan.FromHours(2)));

        await _services.GetRequiredService<IConnectorSyncService>().SyncAsync("pub", CancellationToken.None);

        Assert.That(seen!.WindowStart.UtcDateTime, Is.EqualTo(Now.UtcDateTime));
    }

    [Test]
    public async Task The_window_starts_now_and_spans_the_configured_hours()
    {
        ConnectorFetchContext? seen = null;
        Script(ctx =>
        {
            seen = ctx;
            return [];
        });

        await _services.GetRequiredService<IConnectorSyncService>().SyncAsync("pub", CancellationToken.None);

        Assert.That(seen!.WindowStart, Is.EqualTo(Now));
        Assert.That(seen.WindowEnd, Is.EqualTo(Now.AddHours(72)));
    }

    [Test]
    public async Task A_connector_that_throws_after_a_batch_keeps_that_batch()
    {
        IEnumerable<ConnectorBatch> Run(ConnectorFetchContext ctx)
        {
            yield return Success(ctx, A, 3);
            throw new InvalidOperationException("boom on the second request");
        }

        Script(Run);

        var run = await _services.GetRequiredService<IConnectorSyncService>().SyncAsync("pub", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(run.Status, Is.EqualTo(SyncRunStatus.Partial));
            Assert.That(run.SlotsStored, Is.EqualTo(3));
            Assert.That(run.Errors.Single(), Does.Contain("boom on the second request"));
            Assert.That(await CountAsync(), Is.EqualTo((3, 0)));
        });
    }

    [Test]
    public async Task A_batch_the_normaliser_throws_on_fails_alone_and_the_next_batches_are_stored()
    {
        // The normaliser reports bad values per resource; this stands for a defect that still throws.
        Script(ctx => [ConnectorBatch.Success(Scope(ctx, C), [new ExplodingSlot()], ctx.WindowStart, TimeSpan.FromMilliseconds(5)), Success(ctx, A, 3), Success(ctx, B, 2)]);

        var run = await _services.GetRequiredService<IConnectorSyncService>().SyncAsync("pub", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(run.Status, Is.EqualTo(SyncRunStatus.Partial));
            Assert.That((run.BatchesSucceeded, run.BatchesFailed), Is.EqualTo((2, 1)));
            Assert.That(run.FailureKinds, Does.ContainKey("Normalize"));
            Assert.That(run.Errors.Single(), Does.StartWith("Normalize:").And.Contain("normaliser defect"));
            Assert.That(await CountAsync(), Is.EqualTo((3, 2)), "the batches after the failed one are stored");
        });
    }

    private static void Script(Func<ConnectorFetchContext, IEnumerable<ConnectorBatch>> run) =>
        ScriptedConnectorType.Scripts["pub"].Enqueue(run);

    private static ConnectorBatch Success(ConnectorFetchContext ctx, string id, int slots) =>
        ConnectorBatch.Success(Scope(ctx, id), PublisherResources.For(id, ctx.WindowStart.AddHours(1), slots), ctx.WindowStart, TimeSpan.FromMilliseconds(5));

    private static ConnectorBatch Failure(ConnectorFetchContext ctx, string id) =>
        ConnectorBatch.Failed(Scope(ctx, id), new ConnectorFailure(ConnectorFailureKind.Timeout, "publisher too slow"), ctx.WindowStart, TimeSpan.FromSeconds(10));

    private static SyncScope Scope(ConnectorFetchContext ctx, string id) =>
        new(SyncScopeKind.Practitioner, [id], ctx.WindowStart, ctx.WindowEnd);

    private async Task<(int A, int B)> CountAsync()
    {
        var store = _services.GetRequiredService<ISlotStore>();
        var a = await store.SearchAsync(new SlotSearchCriteria([A], Now, Now.AddHours(72), SlotStatus.Free, 1000), CancellationToken.None);
        var b = await store.SearchAsync(new SlotSearchCriteria([B], Now, Now.AddHours(72), SlotStatus.Free, 1000), CancellationToken.None);
        return (a.Total, b.Total);
    }

    /// <summary>A resource whose type name throws: the normaliser cannot even sort it.</summary>
    private sealed class ExplodingSlot : Hl7.Fhir.Model.Slot
    {
        public override string TypeName => throw new InvalidOperationException("normaliser defect");
    }

    private sealed class RecordingObserver : ISyncRunObserver
    {
        public List<SyncRunReport> Reports { get; } = [];

        public Task OnRunCompletedAsync(SyncRunReport report, CancellationToken cancellationToken)
        {
            Reports.Add(report);
            return Task.CompletedTask;
        }
    }
}
