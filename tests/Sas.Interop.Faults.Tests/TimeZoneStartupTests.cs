using System.Diagnostics;
using Sas.Interop.Host.Tests;

namespace Sas.Interop.Faults.Tests;

/// <summary>
/// A server without time zone data (no tzdata) cannot tell French days: the hub refuses to start, with a readable
/// message and exit code 2, instead of failing later (or computing days in UTC).
/// </summary>
[Category("E2E")]
public sealed class TimeZoneStartupTests
{
    [Test]
    public async Task Without_the_Paris_time_zone_the_hub_refuses_to_start_with_exit_code_2()
    {
        // .NET reads the zone database from TZDIR: an empty folder is a system without tzdata.
        var noZones = Directory.CreateTempSubdirectory("sas-interop-no-tzdata-");
        try
        {
            var hostAssembly = Path.Combine(AppContext.BaseDirectory, "Sas.Interop.Host.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(hostAssembly);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
            start.ArgumentList.Add($"--Admin:ApiKeys:0={RunningHub.AdminKey}");
            start.Environment["TZDIR"] = noZones.FullName;

            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();

            // A guard, not a timing assertion: a hub that started anyway is stopped and the test fails.
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the hub started without the Europe/Paris time zone");
            }

            var printed = await output + await errors;
            Assert.That(process.ExitCode, Is.EqualTo(2), printed);
            Assert.That(printed, Does.Contain("Cannot start").And.Contain("Europe/Paris").And.Contain("tzdata"));
            Assert.That(printed, Does.Not.Contain("   at "), "a readable message, no stack trace");
        }
        finally
        {
            noZones.Delete(recursive: true);
        }
    }
}
