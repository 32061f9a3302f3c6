using Microsoft.Extensions.Configuration.Json;
using Sas.Interop.Host.Admin;
using Sas.Interop.Host.Appointments;
using Sas.Interop.Host.Fhir;
using Sas.Interop.Host.Proxy;
using Sas.Interop.Host.Push;
using Sas.Interop.Host.Regulators;
using Sas.Interop.Store.Hosting;
using Sas.Interop.Sync.Hosting;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// Builds the hub: configuration, services, middleware and endpoints, start-up checks. <c>Program</c>, the demo
/// (<c>Sas.Interop.Demo</c>) and the tests build it the same way.
/// </summary>
internal static class HubApplication
{
    /// <param name="args">Command line.</param>
    /// <param name="configureServices">Last-word service overrides (tests replace the clock with it).</param>
    /// <param name="cancellationToken">Cancels startup.</param>
    public static Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken) =>
        BuildAsync(args, new HubBuildOptions { ConfigureServices = configureServices }, cancellationToken);

    /// <param name="args">Command line.</param>
    /// <param name="options">What the program adds to the hub; <see cref="HubBuildOptions.OnStopped"/> runs if the build fails.</param>
    /// <param name="cancellationToken">Cancels startup.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, HubBuildOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return await BuildAsync(HubArguments.Parse(args), options, cancellationToken);
        }
        catch
        {
            if (options.OnStopped is { } stopped)
            {
                await stopped();
            }

            throw;
        }
    }

    private static async Task<WebApplication> BuildAsync(HubArguments arguments, HubBuildOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = arguments.Remaining,

            // appsettings.json travels with the binaries, whatever folder `dotnet run` is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddConfigurationSources(builder.Configuration, arguments, options);

        // Under systemd (samples/deploy/systemd): Type=notify tells systemd when the hub is ready; elsewhere a no-op.
        builder.Host.UseSystemd();
        var tls = builder.ConfigureMutualTls();
        var proxies = builder.AddTrustedProxy();

        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddHubTelemetry(configuration);
        services.AddSasInteropStore(configuration);
        services.AddSasInteropSync(configuration, DailySnapshotJob.Schedule);
        services.AddBuiltInConnectors();
        services.AddFhirFacade(configuration);
        services.AddFhirCompression(configuration);
        services.AddHubHealthChecks();
        services.AddAdmin(configuration, options.OpenAdminWithoutKeys);
        services.AddPushApi(configuration);
        services.AddAppointments(configuration);
        services.AddRegulatorAccounts(configuration);
        options.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        // The proxy's forwarded certificate and address first: the request log and authentication read them.
        app.UseTrustedProxy();
        app.UseHubRequestLogging();
        app.UseFhirCompression();
        app.UseExceptionHandler();
        app.UseAdmin();

        // After authorization: the push rate limit is partitioned by the authenticated publisher.
        app.UseRateLimiter();
        app.MapPushEndpoints();
        app.MapAppointmentEndpoints();
        app.MapRegulatorAccountEndpoints();
        app.MapBookingClaimEndpoints();
        app.MapFhirFacade();
        app.MapAdmin();
        app.MapHubHealthChecks();

        await HubStartupChecks.RunAsync(app, arguments.Migrate, tls, proxies, cancellationToken);
        if (!arguments.Migrate)
        {
            AddLifetimeHooks(app, options);
        }

        return app;
    }

    private static void AddConfigurationSources(ConfigurationManager configuration, HubArguments arguments, HubBuildOptions options)
    {
        // The program's sources and --config files sit above appsettings but below environment variables and the
        // command line, so `--Store:ConnectionString=…` still wins. The manager reloads on each insert.
        IConfigurationBuilder sources = configuration;
        var index = sources.Sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i + 1;
        foreach (var source in options.ConfigurationSources)
        {
            sources.Sources.Insert(index++, source);
        }

        foreach (var file in arguments.ConfigFiles)
        {
            var source = new JsonConfigurationSource { Path = Path.GetFullPath(file), Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Sources.Insert(index++, source);
        }
    }

    private static void AddLifetimeHooks(WebApplication app, HubBuildOptions options)
    {
        if (options.OnStarted is { } started)
        {
            app.Lifetime.ApplicationStarted.Register(() => started(app));
        }

        if (options.OnStopped is { } stopped)
        {
            app.Lifetime.ApplicationStopped.Register(() => stopped().AsTask().GetAwaiter().GetResult());
        }
    }
}
