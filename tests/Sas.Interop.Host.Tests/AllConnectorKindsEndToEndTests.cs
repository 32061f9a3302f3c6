using System.Globalization;
using System.Net;
using System.Text.Json;
using Sas.Interop.Samples.AgendaPlus;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Samples.SmartScheduling;

namespace Sas.Interop.Host.Tests;

/// <summary>Slots of every connector kind (IG sas-fhir, SMART Scheduling Links, AgendaPlus) come back through one SAS search.</summary>
public sealed class AllConnectorKindsEndToEndTests
{
    [Test]
    public async Task One_slot_search_returns_slots_synced_from_all_three_connector_kinds()
    {
        await using var ig = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "e2e-ig", PractitionerCount = 3, Seed = 31, Days = 5 }, CancellationToken.None);
        await using var ssl = await SmartSchedulingSimulator.StartAsync(new SmartSchedulingSimulatorOptions { Name = "e2e-ssl", PractitionerCount = 3, Seed = 32, Days = 5 }, CancellationToken.None);
        await using var agendaPlus = await AgendaPlusSimulator.StartAsync(new AgendaPlusSimulatorOptions { Name = "e2e-ap", ApiKey = "e2e-key", PractitionerCount = 3, Seed = 33, Days = 5 }, CancellationToken.None);
        var settings = RunningHub.Connector("ig", ig.BaseUrl, ig.PractitionerIds);
        AddInstance(settings, "ssl", "smart-scheduling", ssl.BaseUrl, ssl.PractitionerIds);
        AddInstance(settings, "ap", "agenda-plus", agendaPlus.BaseUrl, agendaPlus.PractitionerIds);
        settings["Connectors:ap:ApiKey"] = agendaPlus.ApiKey;
        foreach (var id in new[] { "ig", "ssl", "ap" })
        {
            settings[$"Connectors:{id}:WindowHours"] = "72";
        }

        await using var hub = await RunningHub.StartAsync(settings);
        foreach (var id in new[] { "ig", "ssl", "ap" })
        {
            using var sync = await hub.Http.PostAsync($"admin/connectors/{id}/sync", null);
            var body = await sync.Content.ReadAsStringAsync();
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(body, Does.Contain("\"succeeded\"").IgnoreCase, $"{id}: {body}");
        }

        var now = DateTimeOffset.UtcNow;
        var from = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var to = now.AddHours(72).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var asked = ig.PractitionerIds.Take(2).Concat(ssl.PractitionerIds.Take(2)).Concat(agendaPlus.PractitionerIds.Take(2)).ToList();
        var identifiers = string.Join(',', asked.Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));
        using var response = await hub.Http.GetAsync($"fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{from}&start=le{to}&status=free&schedule.actor:Practitioner.identifier={identifiers}");
        var json = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json);

        using var bundle = JsonDocument.Parse(json);
        var resources = bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var practitionersWithSlots = resources
            .Where(r => r.GetProperty("resourceType").GetString() == "Practitioner")
            .SelectMany(r => r.GetProperty("identifier").EnumerateArray().Select(i => i.GetProperty("value").GetString()))
            .ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resources.Count(r => r.GetProperty("resourceType").GetString() == "Slot"), Is.GreaterThan(0));
            Assert.That(practitionersWithSlots.Intersect(ig.PractitionerIds.Take(2)), Is.Not.Empty, "sas-fhir slots");
            Assert.That(practitionersWithSlots.Intersect(ssl.PractitionerIds.Take(2)), Is.Not.Empty, "smart-scheduling slots");
            Assert.That(practitionersWithSlots.Intersect(agendaPlus.PractitionerIds.Take(2)), Is.Not.Empty, "agenda-plus slots");
        }
    }

    private static void AddInstance(Dictionary<string, string> settings, string id, string type, string baseUrl, IReadOnlyList<string> practitioners)
    {
        settings[$"Connectors:{id}:Type"] = type;
        settings[$"Connectors:{id}:BaseUrl"] = baseUrl;
        settings[$"Connectors:{id}:Schedule"] = "01:00:00";
        for (var i = 0; i < practitioners.Count; i++)
        {
            settings[$"Connectors:{id}:Practitioners:{i}"] = practitioners[i];
        }
    }
}
