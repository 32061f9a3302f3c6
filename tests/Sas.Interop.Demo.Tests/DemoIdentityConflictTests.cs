using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Demo.Tests;

/// <summary>
/// Issue #18 item 8: the demo shows identity vigilance: after its first syncs, <c>/admin/identity-conflicts</c> lists a
/// roster key no simulator returns and one RPPS spelt two ways by two publishers.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class DemoIdentityConflictTests
{
    [Test]
    public async Task After_the_demo_syncs_identity_conflicts_lists_a_never_returned_key_and_two_spellings()
    {
        await using var demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        await using var hub = await DemoHub.StartAsync(demo, database);
        foreach (var instance in new[] { "demo-cabinets", "demo-maison-sante" })
        {
            var sync = await hub.Http.PostAsync($"admin/connectors/{instance}/sync", null);
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());
        }

        var conflicts = (await hub.Http.GetFromJsonAsync<JsonElement>("admin/identity-conflicts")).GetProperty("conflicts").EnumerateArray().ToList();
        Assert.That(
            conflicts.Where(c => c.GetProperty("kind").GetString() == "never-returned").Select(c => c.GetProperty("nationalId").GetString()),
            Is.EqualTo(new[] { DemoEnvironment.NeverReturnedRpps }));

        // The first cabinet practitioner also works at the maison de santé, whose agenda spells the name differently.
        var shared = demo.Simulators[0].PractitionerIds[0];
        Assert.That(demo.Simulators[1].PractitionerIds, Does.Contain(shared));
        var named = conflicts.Where(c => c.GetProperty("kind").GetString() == "name").ToList();
        Assert.That(named.Select(c => c.GetProperty("nationalId").GetString()), Is.EqualTo(new[] { shared }));
        Assert.That(
            named[0].GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()),
            Is.EquivalentTo(new[] { "demo-cabinets", "demo-maison-sante" }));
    }
}
