using System.Globalization;
using System.Net;
using System.Text.Json;
using Sas.Interop.Connectors.Template.Tests;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Faults.Tests;
using Sas.Interop.Host.Tests;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// connectors/README.md, "Run your plugin in the hub", as a plugin author follows it: <c>dotnet publish</c> the Template
/// (Release) into a folder of its own, start the hub as a process with a minimal configuration file naming the plugin,
/// sync the instance, and find the publisher's slots in the SAS search.
/// </summary>
[Category("Deployment")]
[NonParallelizable]
public sealed class TemplatePluginInHubTests
{
    private const string Instance = "my-publisher";

    [Test]
    public async Task The_published_template_plugin_syncs_in_the_hub_and_the_sas_finds_its_slots()
    {
        var work = Directory.CreateTempSubdirectory("sas-interop-plugin-").FullName;
        try
        {
            var plugin = await PublishTemplateAsync(Path.Combine(work, "plugins", "template"));

            // Slots from the first whole hour after now + 10 min: all inside the window of a sync started before then.
            await using var publisher = new TemplatePublisherSimulator(DateTimeOffset.UtcNow.AddMinutes(10));
            await publisher.StartAsync();
            await using var database = await TestDatabase.CreateAsync();
            var configuration = Path.Combine(work, "hub.json");
            await File.WriteAllTextAsync(configuration, MinimalConfiguration(database, plugin, publisher));
            TestContext.Progress.WriteLine(await File.ReadAllTextAsync(configuration));

            using var hub = await HostProcess.StartAsync(new Dictionary<string, string>(), arguments: ["--config", configuration]);
            try
            {
                await CheckAsync(hub, publisher);
            }
            catch
            {
                TestContext.Out.WriteLine("Hub log:" + Environment.NewLine + string.Join(Environment.NewLine, hub.Output.TakeLast(80)));
                throw;
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task CheckAsync(HostProcess hub, TemplatePublisherSimulator publisher)
    {
        var expected = TemplatePublisherSimulator.Practitioners.Count * TemplatePublisherSimulator.SlotsPerPractitioner;

        // A manual sync answers when the run is over (after the start-up run an interval schedule also makes): a
        // client of its own, patient enough for both runs on a busy machine.
        using var admin = new HttpClient { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        admin.DefaultRequestHeaders.Add("X-Api-Key", RunningHub.AdminKey);
        using (var sync = await admin.PostAsync($"admin/connectors/{Instance}/sync", null))
        {
            var body = await sync.Content.ReadAsStringAsync();
            TestContext.Progress.WriteLine("POST sync: " + body);
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        }

        JsonElement connector = default;
        await hub.WaitUntilAsync(
            async () =>
            {
                connector = await hub.ConnectorAsync(Instance);
                return connector.GetProperty("lastSuccessAt").ValueKind == JsonValueKind.String && connector.GetProperty("slotCount").GetInt32() == expected;
            },
            TimeSpan.FromMinutes(2));
        TestContext.Progress.WriteLine("GET /admin/connectors: " + connector);
        Assert.Multiple(() =>
        {
            Assert.That(connector.GetProperty("type").GetString(), Is.EqualTo("template"));
            Assert.That(connector.GetProperty("lastError").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(connector.GetProperty("consecutiveFailures").GetInt32(), Is.Zero);
            Assert.That(connector.GetProperty("rosterSize").GetInt32(), Is.EqualTo(TemplatePublisherSimulator.Practitioners.Count));
        });

        // The SAS's PS search (INT_R01), by the prefixed national ids: the bare ids of the configuration were normalised.
        var ids = TemplatePublisherSimulator.Practitioners.Select(id => id.Length == 11 ? "8" + id : "0" + id).ToList();
        var search = $"fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Iso(publisher.Start)}&start=le{Iso(publisher.Start.AddHours(72))}&status=free"
            + "&schedule.actor:Practitioner.identifier=" + string.Join(',', ids.Select(id => Uri.EscapeDataString(KnownIdentifierSystems.PractitionerNationalId + "|" + id)));
        using var answer = await hub.Http.GetAsync(search);
        var bundle = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), bundle);
        var resources = JsonDocument.Parse(bundle).RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var served = resources.Where(r => r.GetProperty("resourceType").GetString() == "Slot").Select(r => DateTimeOffset.Parse(r.GetProperty("start").GetString()!, CultureInfo.InvariantCulture)).Order().ToList();
        var offered = TemplatePublisherSimulator.Practitioners.SelectMany(publisher.SlotsOf).Select(s => s.Start).Order().ToList();
        var practitioners = resources.Where(r => r.GetProperty("resourceType").GetString() == "Practitioner")
            .Select(r => r.GetProperty("identifier")[0].GetProperty("value").GetString()).Order(StringComparer.Ordinal).ToList();
        var snp = resources.Count(r => r.GetProperty("resourceType").GetString() == "Slot" && r.TryGetProperty("meta", out var meta) && meta.TryGetProperty("security", out var security)
            && security.EnumerateArray().Any(coding => coding.GetProperty("code").GetString() == "SNP"));
        var kept = TemplatePublisherSimulator.Practitioners.SelectMany(publisher.SlotsOf).Count(s => TemplatePublisherSimulator.AudienceOf(s.Id) == "sas");
        Assert.Multiple(() =>
        {
            Assert.That(served, Is.EqualTo(offered), "every slot the publisher offers, served to the SAS");
            Assert.That(practitioners, Is.EqualTo(ids.Order(StringComparer.Ordinal)), "the practitioners, by prefixed RPPS and ADELI");
            Assert.That(snp, Is.EqualTo(kept).And.Not.Zero, "the slots the publisher keeps for the SAS are served typed SNP (TRE_R314)");
        });

        // The feed-quality report of the last run: nothing rejected, nothing fixed.
        var quality = JsonDocument.Parse(await hub.Http.GetStringAsync($"admin/connectors/{Instance}/quality")).RootElement;
        TestContext.Progress.WriteLine("GET quality: " + quality);
        Assert.Multiple(() =>
        {
            Assert.That(quality.GetProperty("runAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(quality.GetProperty("rejected").GetInt32(), Is.Zero);
            Assert.That(quality.GetProperty("keptWithFix").GetInt32(), Is.Zero);
            Assert.That(quality.GetProperty("reasons").GetArrayLength(), Is.Zero);
        });
    }

    /// <summary>What the hub strictly needs outside the demo, and the plugin instance; nothing else.</summary>
    private static string MinimalConfiguration(TestDatabase database, string plugin, TemplatePublisherSimulator publisher) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object>
            {
                ["Store"] = database.Settings.ToDictionary(s => s.Key["Store:".Length..], s => s.Value),
                ["Admin"] = new { ApiKeys = new[] { RunningHub.AdminKey } },
                ["ConnectorPlugins"] = new[] { plugin },
                ["Connectors"] = new Dictionary<string, object>
                {
                    [Instance] = new
                    {
                        Type = "template",
                        BaseUrl = publisher.BaseAddress.ToString(),
                        Token = publisher.Token,
                        Practitioners = TemplatePublisherSimulator.Practitioners,
                    },
                },
            },
            new JsonSerializerOptions { WriteIndented = true });

    /// <summary><c>dotnet publish</c> of the Template in Release into <paramref name="folder"/>; its main assembly.</summary>
    private static async Task<string> PublishTemplateAsync(string folder)
    {
        await DotnetPublish.RunAsync("connectors/Sas.Interop.Connectors.Template/Sas.Interop.Connectors.Template.csproj", folder);
        var main = Path.Combine(folder, "Sas.Interop.Connectors.Template.dll");
        Assert.That(File.Exists(main), Is.True, $"no {main}");
        TestContext.Progress.WriteLine($"Published {Directory.GetFiles(folder).Length} files: {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal))}");
        return main;
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
