using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sas.Interop.Samples.SmartScheduling;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// A SMART Scheduling Links feed shaped as the spec allows, through the real hub: NDJSON on another (allowed) host,
/// a site shared by two practitioners, a Location-only Schedule, a name with a particle.
/// </summary>
public sealed class SmartSchedulingSpecFeedEndToEndTests
{
    [Test]
    public async Task A_spec_shaped_feed_is_served_per_practitioner_and_its_structure_agenda_is_in_the_quality_report()
    {
        await using var ssl = await SmartSchedulingSimulator.StartAsync(
            new SmartSchedulingSimulatorOptions
            {
                Name = "e2e-spec",
                PractitionerCount = 2,
                StructureSchedules = 1,
                SharedLocation = true,
                FileHost = "localhost",
                PractitionerNames = ["Dr Loïc LE BIHAN"],
                Seed = 41,
                Days = 5,
            },
            CancellationToken.None);
        var settings = new Dictionary<string, string>
        {
            ["Connectors:ssl:Type"] = "smart-scheduling",
            ["Connectors:ssl:BaseUrl"] = ssl.BaseUrl,
            ["Connectors:ssl:Schedule"] = "manual",
            ["Connectors:ssl:WindowHours"] = "72",
            ["Connectors:ssl:AllowedFileHosts:0"] = "localhost",
        };
        for (var i = 0; i < ssl.PractitionerIds.Count; i++)
        {
            settings[$"Connectors:ssl:Practitioners:{i}"] = ssl.PractitionerIds[i];
        }

        await using var hub = await RunningHub.StartAsync(settings);
        using (var sync = await hub.Http.PostAsync("admin/connectors/ssl/sync", null))
        {
            var body = await sync.Content.ReadAsStringAsync();
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(body, Does.Contain("\"succeeded\"").IgnoreCase, body);
        }

        var now = DateTimeOffset.UtcNow;
        var from = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var to = now.AddHours(72).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var identifiers = string.Join(',', ssl.PractitionerIds.Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));
        using var response = await hub.Http.GetAsync($"fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{from}&start=le{to}&status=free&schedule.actor:Practitioner.identifier={identifiers}");
        var json = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json);
        using var bundle = JsonDocument.Parse(json);
        var resources = bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var roles = resources.Where(r => r.GetProperty("resourceType").GetString() == "PractitionerRole").ToList();
        var sites = roles.Select(r => r.GetProperty("contained")[0]).Select(l => (
            Identifier: l.GetProperty("identifier")[0].GetProperty("value").GetString(),
            System: l.GetProperty("identifier")[0].GetProperty("system").GetString(),
            Name: l.GetProperty("name").GetString(),
            Address: l.GetProperty("address").GetRawText())).ToList();
        var names = resources.Where(r => r.GetProperty("resourceType").GetString() == "Practitioner")
            .Select(p => p.GetProperty("name")[0])
            .Select(n => (Family: n.GetProperty("family").GetString(), Given: n.GetProperty("given")[0].GetString()))
            .ToList();

        var quality = await hub.Http.GetFromJsonAsync<JsonElement>("admin/connectors/ssl/quality");
        var structure = quality.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "structure-agenda");
        var examples = structure.GetProperty("examples").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ssl.Requests, Has.Some.StartsWith("/ssl/data/Slot.ndjson"), "the files were fetched from the other host");
            Assert.That(roles, Has.Count.EqualTo(2), "one place per practitioner");
            Assert.That(sites.Distinct().ToList(), Has.Count.EqualTo(1), "both practitioners show the same site");
            Assert.That(sites[0].Identifier, Is.EqualTo("1690000000"), "the site's FINESS");
            Assert.That(sites[0].System, Is.EqualTo("urn:oid:1.2.250.1.71.4.2.2"));
            Assert.That(names, Does.Contain(("LE BIHAN", "Loïc")));
            Assert.That(structure.GetProperty("rejected").GetInt32(), Is.GreaterThan(1), "the schedule and its slots");
            Assert.That(examples[0].GetProperty("resourceType").GetString(), Is.EqualTo("Schedule"));
            Assert.That(examples[0].GetProperty("nativeId").GetString(), Is.EqualTo(ssl.StructureScheduleIds.Single()));
            Assert.That(examples[0].GetProperty("message").GetString(), Does.Contain("names no practitioner"));
            Assert.That(examples.Skip(1).Select(e => e.GetProperty("resourceType").GetString()), Is.All.EqualTo("Slot"));
        }
    }
}
