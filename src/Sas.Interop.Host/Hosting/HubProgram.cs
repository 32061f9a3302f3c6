using Sas.Interop.Core.Configuration;
using Sas.Interop.Host.Push;
using Sas.Interop.Store;
using Sas.Interop.Sync.Configuration;
using Serilog;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// The hub's <c>Main</c>, shared by the production hub and the demo: build, then serve (or only migrate), and turn
/// a configuration mistake into a readable message with exit code 2, anything else into exit code 1.
/// </summary>
internal static class HubProgram
{
    public const int ConfigurationError = 2;

    /// <param name="args">Command line.</param>
    /// <param name="prepare">Starts what the program adds to the hub (the demo's publishers); none for the production hub.</param>
    public static async Task<int> RunAsync(string[] args, Func<CancellationToken, Task<HubBuildOptions>>? prepare = null)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
        try
        {
            var options = prepare is null ? HubBuildOptions.None : await prepare(CancellationToken.None);
            await using var app = await HubApplication.BuildAsync(args, options, CancellationToken.None);
            if (args.FirstOrDefault() == HubArguments.MigrateCommand)
            {
                // `Sas.Interop.Host migrate`: the migrations were applied while building; nothing is served.
                return 0;
            }

            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is ConnectorConfigurationException or ClientConfigurationException or HubConfigurationException or StoreSchemaMismatchException or ArgumentException or InvalidOperationException { Source: "Sas.Interop.Store" })
        {
            // Configuration mistakes: a readable message, no stack trace.
            Log.Fatal("Cannot start: {Message}", ex.Message);
            return ConfigurationError;
        }
        catch (Exception ex)
        {
            Log.Fatal(ex, "The hub stopped unexpectedly");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
