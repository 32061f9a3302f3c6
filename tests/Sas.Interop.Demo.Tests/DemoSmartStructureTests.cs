using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Host.Tests;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Demo.Tests;

/// <summary>Issue #18 item 2: the demo serves SMART Scheduling Links structure agendas (instance <c>demo-ssl-centres</c>).</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class DemoSmartStructureTests
{
    [Test]
    public async Task After_the_demo_syncs_its_SMART_centres_are_served_by_the_Schedule_search_by_FINESS()
    {
        await using var demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        await using var hub = await DemoHub.StartAsync(demo, database);
        var sync = await hub.Http.PostAsync("admin/connectors/demo-ssl-centres/sync", null);
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());
        Assert.That((await sync.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("succeeded"));

        var now = DateTimeOffset.UtcNow;
        var query = "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
            + $"&_has:Slot:schedule:start=ge{Iso(now.AddHours(-1))}&_has:Slot:schedule:start=le{Iso(now.AddHours(73))}&_has:Slot:schedule:status=free"
            + "&actor:Location.organization.identifier=" + string.Join(",", demo.SmartStructureIds.Select(id => "urn:oid:1.2.250.1.71.4.2.2%7C" + id));
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/Schedule?" + query + "&_count=1000");

        // The demo configures its SAS as the consumer: searches need its key.
        request.Headers.Add("X-Api-Key", DemoEnvironment.SasApiKey);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.SendAsync(request), HttpStatusCode.OK);
        var quality = await hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors/demo-ssl-centres/quality");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(demo.SmartStructureIds, Has.Count.EqualTo(3));
            Assert.That(answer.Entry.Select(e => e.Resource).OfType<Slot>(), Is.Not.Empty);
            Assert.That(answer.Entry.Select(e => e.Resource).OfType<Organization>().Select(o => o.Identifier.Single().Value), Is.SubsetOf(demo.SmartStructureIds).And.Not.Empty);
            Assert.That(quality.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()), Does.Contain("missing-element"), "the demo's site without FINESS");
        }
    }

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
