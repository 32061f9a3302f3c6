using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Hosting;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Ingestion;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Sync.Tests;

/// <summary>Issues a connector carries on its batches reach the run's report (hence the feed-quality report).</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ConnectorIssuesTests
{
    private const string A = "810000000011";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly RecordingObserver _observer = new();
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(";Pooling=False");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = _database.Provider,
            ["Store:ConnectionString"] = _database.ConnectionString,
            ["Connectors:issues:Type"] = "scripted",
            ["Connectors:issues:BaseUrl"] = "http://127.0.0.1:1/fhir",
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
        ScriptedConnectorType.Scripts["issues"] = new();
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
        ScriptedConnectorType.Scripts["issues"].Enqueue(ctx =>
        [
            ConnectorBatch.Success(new SyncScope(SyncScopeKind.Practitioner, [A], ctx.WindowStart, ctx.WindowEnd), PublisherResources.For(A, ctx.WindowStart.AddHours(1), 2), ctx.WindowStart, TimeSpan.Zero).WithIssues([skipped]),
        ]);

        var run = await _services.GetRequiredService<IConnectorSyncService>().SyncAsync("issues", CancellationToken.None);

        Assert.That(run.Status, Is.EqualTo(SyncRunStatus.Succeeded));
        Assert.That(run.ResourcesRejected, Is.EqualTo(1));
        Assert.That(_observer.Reports.Single().Issues, Does.Contain(skipped));
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
