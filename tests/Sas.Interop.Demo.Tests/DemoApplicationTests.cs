using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Host.Hosting;
using Sas.Interop.Host.Tests;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Demo.Tests;

/// <summary>
/// Issue #19: the demo program builds the hub as <c>Sas.Interop.Host</c> does, with its publishers' configuration (below
/// the command line), an admin surface open without keys, and its simulators stopped when the hub stops.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class DemoApplicationTests
{
    [Test]
    public async Task The_demo_hub_serves_its_publishers_and_stops_them_when_it_stops()
    {
        var demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();

        // As an operator would override the demo: on the command line (here, every instance synced on demand only).
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        args.AddRange(database.Settings.Select(s => $"--{s.Key}={s.Value}"));
        args.AddRange(demo.Configuration.Keys.Where(k => k.EndsWith(":Schedule", StringComparison.OrdinalIgnoreCase)).Select(k => $"--{k}=manual"));
        var app = await HubApplication.BuildAsync([.. DemoApplication.WithoutDemoSwitch([.. args, "--demo"])], DemoApplication.Options(demo), CancellationToken.None);
        string publisher = demo.Simulators[0].BaseUrl;
        try
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

            // No admin key: the demo's admin surface is open.
            using var http = new HttpClient { BaseAddress = new Uri(address + "/") };
            var sync = await http.PostAsync("admin/connectors/demo-cabinets/sync", null);
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());
            var connectors = await http.GetFromJsonAsync<JsonElement>("admin/connectors");
            var dashboard = await http.GetAsync("admin");

            // The banner's first request, as the demo's SAS sends it.
            using var search = new HttpRequestMessage(HttpMethod.Get, demo.SampleRequests(address, DateTimeOffset.UtcNow).First());
            search.Headers.Add("X-Api-Key", DemoEnvironment.SasApiKey);
            var answer = await FhirAssert.ReadAsync<Bundle>(await http.SendAsync(search), HttpStatusCode.OK);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(connectors.EnumerateArray().Select(c => c.GetProperty("id").GetString()), Does.Contain("demo-cabinets").And.Contain("demo-agendaplus").And.Contain("demo-ssl"));
                Assert.That(connectors.EnumerateArray().Select(c => c.GetProperty("schedule").ToString()), Has.All.Contain("manual"), "the command line wins over the demo's settings");
                Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(dashboard.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
                Assert.That(answer.Entry.Select(e => e.Resource).OfType<Slot>(), Is.Not.Empty);
            }

            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }

        using var client = new HttpClient();
        Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(publisher), "the simulated publishers stop with the hub");
    }

    [Test]
    public void Migrate_is_refused_before_any_publisher_starts()
    {
        var ex = Assert.ThrowsAsync<ArgumentException>(() => DemoApplication.PrepareAsync(["migrate"], CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("the demo migrates its own database"));
    }
}
