using System.Diagnostics;
using Sas.Interop.Testing;

namespace Sas.Interop.Deployment.Tests;

/// <summary><c>dotnet publish</c> of a project of the repository, as operators and plugin authors run it.</summary>
internal static class DotnetPublish
{
    /// <summary>Publishes <paramref name="project"/> (a path from the repository root) in Release into <paramref name="folder"/>.</summary>
    public static async Task RunAsync(string project, string folder, params string[] options)
    {
        // The SDK running the tests when it says so (dotnet test sets DOTNET_HOST_PATH), else the dotnet on the PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.PathOf("."),
        };
        foreach (var argument in (string[])["publish", RepositoryFiles.PathOf(project), "-c", "Release", .. options, "-o", folder, "-nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"dotnet publish {project} failed:{Environment.NewLine}{await output}{await errors}");
    }
}
