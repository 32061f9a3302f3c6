using Sas.Interop.Core.Configuration;
using Sas.Interop.Host.Hosting;
using Sas.Interop.Host.Push;
using Sas.Interop.Store;
using Sas.Interop.Sync.Configuration;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
try
{
    await using var app = await HubApplication.BuildAsync(args, configureServices: null, CancellationToken.None);
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
    return 2;
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
