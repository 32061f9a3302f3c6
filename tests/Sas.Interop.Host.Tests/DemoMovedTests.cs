using System.Diagnostics;
using Sas.Interop.Host.Hosting;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #19: the demo is its own program (<c>src/Sas.Interop.Demo</c>). The hub ships no simulator, and
/// <c>Sas.Interop.Host --demo</c>, as the old README said, stops with where the demo went and exit code 2.
/// </summary>
public sealed class DemoMovedTests
{
    [Test]
    public void The_hub_assembly_references_no_sample_simulator()
    {
        var references = typeof(HubApplication).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.That(references, Has.None.StartsWith("Sas.Interop.Samples"));
    }

    [Test]
    [Category("E2E")]
    public async Task The_hub_started_with_demo_says_where_the_demo_went_and_exits_with_code_2()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sas.Interop.Host.dll"));
        start.ArgumentList.Add("--demo");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Still running (a hub that took --demo for a demo): stopped, so no test leaves a process behind.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail("the hub did not exit: " + await output);
        }

        var log = await output + await errors;

        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(2), log);
            Assert.That(log, Does.Contain("Cannot start").And.Contain("dotnet run --project src/Sas.Interop.Demo"));
        });
    }
}
