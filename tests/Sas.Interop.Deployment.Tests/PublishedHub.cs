using System.Diagnostics;
using Sas.Interop.Testing;

namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// The hub as packagers ship it: <c>dotnet publish</c> of the Host for linux-x64 (framework-dependent, Release), made
/// once per test run in a temporary folder, as samples/deploy/operations.md tells operators to.
/// </summary>
internal static class PublishedHub
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    /// <summary>The published <c>Sas.Interop.Host.dll</c>.</summary>
    public static async Task<string> AssemblyAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _folder ??= await PublishAsync();
            return Path.Combine(_folder, "Sas.Interop.Host.dll");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> PublishAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-published-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.PathOf("."),
        };
        foreach (var argument in (string[])["publish", RepositoryFiles.PathOf("src/Sas.Interop.Host/Sas.Interop.Host.csproj"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", folder, "-nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"dotnet publish failed:{Environment.NewLine}{await output}{await errors}");
        Assert.That(File.Exists(Path.Combine(folder, "Sas.Interop.Host.dll")), Is.True, "the publish folder holds no Sas.Interop.Host.dll");
        return folder;
    }
}
