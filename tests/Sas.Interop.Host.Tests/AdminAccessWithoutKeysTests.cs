using System.Net;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>A hub started without Admin:ApiKeys outside the demo keeps /admin and /metrics closed, and says why.</summary>
[Category("E2E")]
public sealed class AdminAccessWithoutKeysTests
{
    [TestCase("admin/connectors")]
    [TestCase("metrics")]
    public async Task Admin_is_refused_with_a_403_that_names_the_setting(string path)
    {
        await using var hub = await RunningHub.StartAsync(new Dictionary<string, string>(), withAdminKey: false);

        var response = await hub.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("configure Admin:ApiKeys"));
    }
}
