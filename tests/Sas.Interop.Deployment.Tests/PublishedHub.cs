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
        await DotnetPublish.RunAsync("src/Sas.Interop.Host/Sas.Interop.Host.csproj", folder, "-r", "linux-x64", "--self-contained", "false");
        Assert.That(File.Exists(Path.Combine(folder, "Sas.Interop.Host.dll")), Is.True, "the publish folder holds no Sas.Interop.Host.dll");
        return folder;
    }
}
