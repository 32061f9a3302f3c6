using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Tests;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Demo.Tests;

/// <summary>
/// Issue #18 item 2: the demo shows structure slots in hub-near answers: after <c>demo-centres-sante</c> syncs, the
/// demo's sample search around its first centre de santé (which sends its position) answers that structure's slots.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class DemoStructureHubNearTests
{
    [Test]
    public async Task The_demo_hub_near_sample_around_a_centre_de_sante_answers_structure_slots()
    {
        await using var demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        await using var hub = await DemoHub.StartAsync(demo, database);
        var sync = await hub.Http.PostAsync("admin/connectors/demo-centres-sante/sync", null);
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());

        var now = DateTimeOffset.UtcNow;
        var from = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var to = now.AddHours(72).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var sample = demo.StructureHubNearSample(hub.Http.BaseAddress!.ToString().TrimEnd('/'), from, to);
        Assert.That(sample, Is.Not.Null, "the demo's centres de santé send their position");
        Assert.That(demo.SampleRequests(hub.Http.BaseAddress!.ToString().TrimEnd('/'), now), Has.Some.Contains("hub-near=").And.Some.Not.Contains("service-type"));

        // As the demo's SAS asks: with its API key.
        using var request = new HttpRequestMessage(HttpMethod.Get, sample);
        request.Headers.Add("X-Api-Key", DemoEnvironment.SasApiKey);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.SendAsync(request), HttpStatusCode.OK);
        var resources = answer.Entry.Select(e => e.Resource!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answer.Total, Is.GreaterThan(0));
            Assert.That(resources.OfType<Schedule>().SelectMany(s => s.Actor).Select(a => a.Reference), Has.All.StartWith("Location/"), "structure agendas: no practitioner");
            Assert.That(resources.OfType<Location>(), Is.Not.Empty);
            Assert.That(resources.OfType<Organization>().SelectMany(o => o.Type).Select(t => t.Coding.Single().Code), Has.Member("124"), "the centre de santé");
        });
    }
}
