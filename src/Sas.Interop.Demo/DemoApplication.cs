using Microsoft.Extensions.Configuration.Memory;
using Sas.Interop.Host.Hosting;

namespace Sas.Interop.Demo;

/// <summary>
/// What the demo adds to the hub: its simulated publishers' configuration (below the operator's <c>--config</c>,
/// environment and command line), an admin surface open without keys, the banner once listening, and the
/// simulators' shutdown once the hub stops.
/// </summary>
internal static class DemoApplication
{
    /// <summary><c>--demo</c>, the hub's switch before the demo had its own program: accepted here, and taken out.</summary>
    public static string[] WithoutDemoSwitch(string[] args) => [.. args.Where(a => a != HubArguments.DemoSwitch)];

    /// <summary>Starts the simulated publishers and says how the hub takes them in.</summary>
    public static async Task<HubBuildOptions> PrepareAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.FirstOrDefault() == HubArguments.MigrateCommand)
        {
            throw new ArgumentException("migrate is not a demo command: the demo migrates its own database at start-up (run migrate with Sas.Interop.Host).");
        }

        var demo = await DemoEnvironment.StartAsync(cancellationToken);
        return Options(demo);
    }

    public static HubBuildOptions Options(DemoEnvironment demo) => new()
    {
        ConfigurationSources = [new MemoryConfigurationSource { InitialData = demo.Configuration }],
        OpenAdminWithoutKeys = true,
        OnStarted = app => DemoBanner.Log(app, demo),
        OnStopped = demo.DisposeAsync,
    };
}
