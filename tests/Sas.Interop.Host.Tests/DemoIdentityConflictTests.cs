using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sas.Interop.Host.Demo;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Host.Tests;

/// <summary>Issue #18 item 8: the demo shows identity vigilance: after its first sync, <c>/admin/identity-conflicts</c> is not empty.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class DemoIdentityConflictTests
{
    [Test]
    public async Task After_the_demo_syncs_identity_conflicts_lists_the_roster_key_no_simulator_returns()
    {
        await using var demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        var settings = demo.Configuration.Where(c => c.Value is not null && !c.Key.StartsWith("Store:", StringComparison.OrdinalIgnoreCase)).ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        foreach (var key in settings.Keys.Where(k => k.EndsWith(":Schedule", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            settings[key] = "manual";
        }

        await using var hub = await FhirReadTests.StartOnAsync(database, settings);
        var sync = await hub.Http.PostAsync("admin/connectors/demo-cabinets/sync", null);
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());

        var conflicts = (await hub.Http.GetFromJsonAsync<JsonElement>("admin/identity-conflicts")).GetProperty("conflicts").EnumerateArray().ToList();
        Assert.That(
            conflicts.Where(c => c.GetProperty("kind").GetString() == "never-returned").Select(c => c.GetProperty("nationalId").GetString()),
            Is.EqualTo(new[] { DemoEnvironment.NeverReturnedRpps }));
    }
}
