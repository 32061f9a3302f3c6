using System.Diagnostics;
using System.Text.RegularExpressions;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The dashboard rendered by headless Chromium against a hub filled by a real sync: the DOM it dumps must hold the
/// connector rows and the chart's SVG with data. Ignored, with the reason, where Chromium is not installed.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed partial class DashboardBrowserTests
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task The_dashboard_renders_connectors_kpis_and_the_chart()
    {
        var chromium = FindChromium() ?? throw new IgnoreException("Chromium not found: set CHROMIUM_PATH or install the Debian package 'chromium' (/usr/bin/chromium).");
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "dash", PractitionerCount = 6, Seed = 9, Days = 4 }, CancellationToken.None);
        await using var hub = await RunningHub.StartAsync(RunningHub.Connector("dash", publisher.BaseUrl, publisher.PractitionerIds));
        (await hub.Http.PostAsync("admin/connectors/dash/sync", null)).EnsureSuccessStatusCode();

        var dom = await DumpDomAsync(chromium, hub.BaseUrl + "admin?api_key=" + RunningHub.AdminKey);

        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.Contain("data-connector=\"dash\""), "a connector row");
            Assert.That(dom, Does.Contain("state state-healthy"), "its state, coloured");
            Assert.That(dom, Does.Match("<svg[^>]*id=\"slots-by-mode-chart\""), "the chart");
            Assert.That(ChartPoints().Match(dom).Groups[1].Value, Is.EqualTo("15"), "one point per day of the default range");
            Assert.That(Polylines().Count(dom), Is.EqualTo(3), "one series per mode");
            Assert.That(dom, Does.Contain("data-kpi=\"free-slots\""));
            Assert.That(dom, Does.Contain("mis à jour"), "every fetch succeeded");
        });
    }

    private static string? FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        return new[] { configured, "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
    }

    private static async Task<string> DumpDomAsync(string chromium, string url)
    {
        var profile = Directory.CreateTempSubdirectory("sas-interop-chromium-");
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                "--virtual-time-budget=5000", "--dump-dom", url,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(BrowserTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish within {BrowserTimeout}: {await errors}");
            }

            var dom = await output;
            Assert.That(dom, Is.Not.Empty, "Chromium dumped nothing: " + await errors);
            return dom;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be closing files; a temp folder can stay.
            }
        }
    }

    [GeneratedRegex("data-points=\"(\\d+)\"")]
    private static partial Regex ChartPoints();

    [GeneratedRegex("<polyline[^>]*class=\"series\"")]
    private static partial Regex Polylines();
}
