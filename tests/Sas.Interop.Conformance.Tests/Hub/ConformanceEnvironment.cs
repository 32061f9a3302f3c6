using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Conformance.Tests.Checker;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>A publisher serving one example bundle's resources and a hub that synced them once.</summary>
internal sealed class ConformanceEnvironment : IAsyncDisposable
{
    private const string ConnectorId = "ig";

    private readonly PublisherSimulator _publisher;

    private ConformanceEnvironment(PublisherSimulator publisher, RunningHub hub, Bundle example, string syncSummary)
    {
        _publisher = publisher;
        Hub = hub;
        Example = example;
        SyncSummary = syncSummary;
    }

    public RunningHub Hub { get; }

    public Bundle Example { get; }

    public string SyncSummary { get; }

    public static async Task<ConformanceEnvironment> StartAsync(ConformanceCase row)
    {
        var example = ExampleResources.Read<Bundle>(row.ExampleBundle);
        var publisher = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Name = ConnectorId, Resources = [.. example.Entry.Select(e => e.Resource!)] },
            CancellationToken.None);
        var hub = await RunningHub.StartAsync(
            row.ConnectorSettings(ConnectorId, publisher.BaseUrl),
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(row.ExampleNow)));
        var sync = await hub.Http.PostAsync($"admin/connectors/{ConnectorId}/sync", null);
        var summary = await sync.Content.ReadAsStringAsync();
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), summary);
        return new ConformanceEnvironment(publisher, hub, example, summary);
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await _publisher.DisposeAsync();
    }
}
