using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Identity vigilance (issue 18, item 8): two publishers' FHIR describe the same RPPS differently, or a roster holds an
/// RPPS no sync ever returns, and <c>GET /admin/identity-conflicts</c> (and its CSV) says which, with each source's value.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class IdentityVigilanceTests
{
    [Test]
    public async Task Conflicting_names_and_places_across_sources_and_a_roster_key_never_returned_are_listed_with_each_sources_value()
    {
        var options = new PublisherSimulatorOptions { Name = "vigilance", PractitionerCount = 4, Seed = 31, Days = 2 };
        await using var first = await PublisherSimulator.StartAsync(options, CancellationToken.None);
        await using var second = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "vigilance-b", PractitionerCount = 4, Seed = 31, Days = 2 }, CancellationToken.None);
        var ids = first.PractitionerIds;

        // The second publisher: the same practitioners, but one renamed, one at other addresses, one only spelt otherwise.
        var copy = first.Resources;
        var practitioners = copy.OfType<Practitioner>().ToDictionary(p => p.Identifier[0].Value);
        var spelt = practitioners[ids[0]].Name[0];
        spelt.Family = spelt.Family.ToLowerInvariant();
        spelt.Given = [Unaccented(spelt.Given.First()).ToUpperInvariant()];
        practitioners[ids[1]].Name[0].Family = "AUTRE-NOM";
        foreach (var role in copy.OfType<PractitionerRole>().Where(r => r.Practitioner.Reference == "Practitioner/" + practitioners[ids[2]].Id))
        {
            ((Location)role.Contained[0]).Address.Line = ["1 rue Ailleurs"];
        }

        second.ReplaceResources(copy);

        var silent = "8" + "1000000001" + CheckDigits.Luhn("1000000001");
        var settings = RunningHub.Connector("a", first.BaseUrl, ids, schedule: "manual");
        foreach (var (key, value) in RunningHub.Connector("b", second.BaseUrl, ids, schedule: "manual"))
        {
            settings[key] = value;
        }

        await using var hub = await RunningHub.StartAsync(settings);
        var upload = await hub.Http.PostAsync("admin/connectors/a/roster", new StringContent(silent + ",Dr Silence", Encoding.UTF8, "text/csv"));
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        foreach (var instance in new[] { "a", "b" })
        {
            var sync = await hub.Http.PostAsync($"admin/connectors/{instance}/sync", null);
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());
        }

        var answer = await hub.Http.GetFromJsonAsync<JsonElement>("admin/identity-conflicts");
        var conflicts = answer.GetProperty("conflicts").EnumerateArray().ToList();
        List<string?> Of(string kind) => [.. conflicts.Where(c => c.GetProperty("kind").GetString() == kind).Select(c => c.GetProperty("nationalId").GetString())];
        var renamed = conflicts.Single(c => c.GetProperty("kind").GetString() == "name");
        Assert.Multiple(() =>
        {
            Assert.That(Of("name"), Is.EqualTo(new[] { ids[1] }), "case and accents alone are no conflict");
            Assert.That(Of("place"), Is.EqualTo(new[] { ids[2] }));
            Assert.That(Of("never-returned"), Is.EqualTo(new[] { silent }));
            Assert.That(renamed.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(renamed.GetProperty("sources")[1].GetProperty("value").GetString(), Does.StartWith("AUTRE-NOM "));
        });

        var csv = await hub.Http.GetStringAsync("admin/identity-conflicts?format=csv");
        Assert.Multiple(() =>
        {
            Assert.That(csv, Does.Contain("national_id,kind,source,value"));
            Assert.That(csv, Does.Contain($"{ids[1]},name,b,AUTRE-NOM "));
            Assert.That(csv, Does.Contain($"{silent},never-returned,a,"));
        });
    }

    private static string Unaccented(string value) =>
        new([.. value.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]);
}
