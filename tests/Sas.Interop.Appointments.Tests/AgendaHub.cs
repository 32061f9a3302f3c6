using System.Net;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Samples.SasReceiver;

namespace Sas.Interop.Appointments.Tests;

/// <summary>
/// A hub whose connector "sim" (alpha's, <c>Publishers:alpha:Connectors</c>) pulls a simulated publisher's agendas,
/// synced once, relaying appointments to a SAS receiver. Manual schedule: only a test's own syncs run, so a start-up
/// sync cannot land in the middle of a test and (rightly: sync wins) serve a booked or cancelled slot as free again.
/// </summary>
internal sealed class AgendaHub : IAsyncDisposable
{
    private AgendaHub(PublisherSimulator agendas, SasReceiverSimulator sas, RunningHub hub)
    {
        Agendas = agendas;
        Sas = sas;
        Hub = hub;
        Publisher = Publishers.Client(hub.BaseUrl);
    }

    public PublisherSimulator Agendas { get; }

    public SasReceiverSimulator Sas { get; }

    public RunningHub Hub { get; }

    /// <summary>A client without the admin key, for publishers' requests.</summary>
    public HttpClient Publisher { get; }

    public static async Task<AgendaHub> StartAsync(string name, int seed, int days)
    {
        var agendas = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = name, PractitionerCount = 6, Seed = seed, Days = days }, CancellationToken.None);
        var sas = await SasReceiverSimulator.StartAsync();
        var settings = Publishers.Settings(sas.FhirBase, "sim");
        foreach (var (key, value) in RunningHub.Connector("sim", agendas.BaseUrl, agendas.PractitionerIds, schedule: "manual"))
        {
            settings[key] = value;
        }

        var started = new AgendaHub(agendas, sas, await RunningHub.StartAsync(settings));
        Assert.That((await started.Hub.Http.PostAsync("admin/connectors/sim/sync", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        Publisher.Dispose();
        await Hub.DisposeAsync();
        await Sas.DisposeAsync();
        await Agendas.DisposeAsync();
    }
}
