using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>The dashboard's map of free slots per department, rendered by headless Chromium from a real sync.</summary>
public sealed partial class DashboardBrowserTests
{
    [Test]
    public async Task The_dashboard_draws_every_department_on_the_map_with_its_free_slots()
    {
        var chromium = FindChromium() ?? throw new IgnoreException("Chromium not found: set CHROMIUM_PATH or install the Debian package 'chromium' (/usr/bin/chromium).");
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "dashmap", PractitionerCount = 8, Seed = 5, Days = 4 }, CancellationToken.None);
        await using var hub = await RunningHub.StartAsync(RunningHub.Connector("dashmap", publisher.BaseUrl, publisher.PractitionerIds));
        (await hub.Http.PostAsync("admin/connectors/dashmap/sync", null)).EnsureSuccessStatusCode();
        var expected = (await hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis/departments")).GetProperty("departments").EnumerateArray()
            .ToDictionary(d => d.GetProperty("department").GetString()!, d => d.GetProperty("freeSlots").GetInt32());

        var dom = await DumpDomAsync(chromium, hub.BaseUrl + "admin?api_key=" + RunningHub.AdminKey);

        var drawn = DepartmentPaths().Matches(dom).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.Match("<svg[^>]*id=\"departments-map\""), "the map");
            Assert.That(drawn.Keys, Is.EquivalentTo(DepartmentMapTests.ExpectedDepartmentCodes()), "every department drawn once");
            Assert.That(expected, Is.Not.Empty, "the simulated places have departments");
            Assert.That(drawn.Where(d => d.Value > 0), Is.EquivalentTo(expected), "each department carries its count from /admin/kpis/departments");
            Assert.That(dom, Does.Match("<title>[0-9AB]{2,3} [^<:]+ : [1-9][0-9]* créneaux? libres?</title>"), "a title with its count on each department with slots");
            Assert.That(TableRows().Count(dom), Is.EqualTo(expected.Count), "the table fallback: one row per department with slots");
            Assert.That(dom, Does.Contain("id=\"departments-map-legend\""));
            Assert.That(dom, Does.Contain("CC BY 4.0"), "the outline's licence");
            Assert.That(dom, Does.Contain("mis à jour"), "every fetch of the page succeeded");
        });
    }

    [GeneratedRegex("<path[^>]*data-department=\"([0-9AB]+)\"[^>]*data-count=\"(\\d+)\"")]
    private static partial Regex DepartmentPaths();

    [GeneratedRegex("<tr data-department=\"[0-9AB]+\">")]
    private static partial Regex TableRows();
}
