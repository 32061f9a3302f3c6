using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Connectors.AgendaPlus;
using Sas.Interop.Connectors.SasFhir;
using Sas.Interop.Connectors.SmartScheduling;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Availability;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Served;
using Sas.Interop.Host.Admin;
using Sas.Interop.Host.Appointments;
using Sas.Interop.Host.Configuration;
using Sas.Interop.Host.Demo;
using Sas.Interop.Host.Fhir;
using Sas.Interop.Host.Proxy;
using Sas.Interop.Host.Push;
using Sas.Interop.Host.Regulators;
using Sas.Interop.Host.Sources;
using Sas.Interop.Store.Hosting;
using Sas.Interop.Sync.Hosting;

namespace Sas.Interop.Host.Hosting;

/// <summary>Builds the hub: configuration, services, endpoints. Tests build it the same way as <c>Program</c>.</summary>
internal static class HubApplication
{
    /// <param name="args">Command line.</param>
    /// <param name="configureServices">Last-word service overrides (tests replace the clock with it).</param>
    /// <param name="cancellationToken">Cancels startup.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var arguments = HubArguments.Parse(args);
        if (arguments.Migrate && arguments.Demo)
        {
            throw new ArgumentException("migrate and --demo do not go together: the demo migrates its own database at start-up.");
        }

        var demo = arguments.Demo ? await DemoEnvironment.StartAsync(cancellationToken) : null;
        try
        {
            return await BuildAsync(arguments, demo, configureServices, cancellationToken);
        }
        catch
        {
            if (demo is not null)
            {
                await demo.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<WebApplication> BuildAsync(HubArguments arguments, DemoEnvironment? demo, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = arguments.Remaining,

            // appsettings.json travels with the binaries, whatever folder `dotnet run` is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddConfigurationSources(builder.Configuration, arguments, demo);

        // Under systemd (samples/deploy/systemd): Type=notify tells systemd when the hub is ready; elsewhere a no-op.
        builder.Host.UseSystemd();
        var tls = builder.ConfigureMutualTls();
        var proxies = builder.AddTrustedProxy();

        builder.Services.AddHubLogging(builder.Configuration);
        builder.Services.AddHubTracing(builder.Configuration);

        builder.Services.AddSasInteropStore(builder.Configuration);
        builder.Services.AddSasInteropSync(builder.Configuration, DailySnapshotJob.Schedule);
        builder.Services.AddConnectorType<SasFhirConnectorType>();
        builder.Services.AddConnectorType<SmartSchedulingConnectorType>();
        builder.Services.AddConnectorType<AgendaPlusConnectorType>();

        builder.Services.Configure<FhirFacadeOptions>(builder.Configuration.GetSection(FhirFacadeOptions.SectionName));
        builder.Services.AddSingleton<SlotSearchParser>();
        builder.Services.AddSingleton<SlotBundleBuilder>();
        builder.Services.AddSingleton<ServedSlotBundleWriter>();
        builder.Services.AddSingleton<IServedResourceRenderer, ServedResourceRenderer>();
        builder.Services.AddSingleton<SosScheduleSearchParser>();
        builder.Services.AddSingleton<SosScheduleBundleBuilder>();
        builder.Services.AddSingleton<ReadResourceBuilder>();
        builder.Services.AddSingleton<ServedResourceSearchParser>();
        builder.Services.AddSingleton<ServedResourceBundleBuilder>();
        builder.Services.AddSingleton<AvailabilityRequestParser>();
        builder.Services.AddExceptionHandler<FhirExceptionHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower)));
        builder.Services.AddHealthChecks().AddStoreHealthCheck();
        builder.Services.AddSasInteropAdmin(builder.Configuration, demo: demo is not null);
        builder.Services.AddAdminOpenApi();
        builder.Services.AddPushApi(builder.Configuration);
        builder.Services.AddAppointments(builder.Configuration);
        builder.Services.AddRegulatorAccounts(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        // The proxy's forwarded certificate and address first: the request log and authentication read them.
        app.UseTrustedProxy();
        app.UseHubRequestLogging();
        app.UseExceptionHandler();
        app.UseSasInteropAdmin();

        // After authorization: the push rate limit is partitioned by the authenticated publisher.
        app.UseRateLimiter();
        app.MapPushEndpoints();
        app.MapAppointmentEndpoints();
        app.MapRegulatorAccountEndpoints();
        app.MapBookingClaimEndpoints();
        app.MapFhirEndpoints();
        app.MapAdminEndpoints();
        app.MapAdminOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

        // Fail fast, with every problem listed, before Quartz starts any job.
        app.Services.ValidateHubConfiguration();
        if (arguments.Migrate)
        {
            var applied = await app.Services.MigrateSasInteropStoreAsync(cancellationToken);
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Store")
                .LogInformation("Store migrations applied: {Migrations}", applied.Count == 0 ? "none pending" : string.Join(", ", applied));
            return app;
        }

        await app.Services.InitializeSasInteropStoreAsync(cancellationToken);
        await app.Services.WithdrawUnservedDataAsync(cancellationToken);

        // Behind a proxy the proxy terminates TLS; UseTrustedProxy logs what it believes from it.
        if (!tls.Enabled && !proxies.Configured)
        {
            app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Security").LogWarning(
                "PLAIN HTTP: Tls:CertificatePath is not set, so publishers push and the SAS reads without TLS or client certificates. This is for the demo only; never run a real hub like this."));
        }

        if (!app.Services.GetRequiredService<ConsumerRegistry>().ReadsRequireIdentity)
        {
            app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Security").LogWarning(
                "OPEN READS: no Consumers:<id> is configured, so anyone who reaches /fhir reads every agenda (only Tls:RequireClientCertificate restricts it). Configure the SAS platform under Consumers:<id> for a real hub."));
        }

        if (demo is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() => LogDemoBanner(app, demo));
            app.Lifetime.ApplicationStopped.Register(() => demo.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        return app;
    }

    private static void AddConfigurationSources(ConfigurationManager configuration, HubArguments arguments, DemoEnvironment? demo)
    {
        // Demo defaults and --config files sit above appsettings but below environment variables and the
        // command line, so `--Store:ConnectionString=…` still wins. The manager reloads on each insert.
        IConfigurationBuilder sources = configuration;
        var index = sources.Sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i + 1;
        if (demo is not null)
        {
            sources.Sources.Insert(index++, new MemoryConfigurationSource { InitialData = demo.Configuration });
        }

        foreach (var file in arguments.ConfigFiles)
        {
            var source = new JsonConfigurationSource { Path = Path.GetFullPath(file), Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Sources.Insert(index++, source);
        }
    }

    private static void LogDemoBanner(WebApplication app, DemoEnvironment demo)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Demo");
        var requests = demo.SampleRequests(address.TrimEnd('/'), app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        logger.LogInformation(
            "Demo mode: {Count} simulated publishers ({Publishers}) are synced on their schedules into SQLite. Try, as the SAS (PS individuel, CPTS, SOS Médecins, the hub's hub-near and $availability extensions, then a regulator account relayed to the PS publishers):{NewLine}{Requests}{NewLine}  {RegulatorAccount}{NewLine}  curl {Address}/admin/connectors{NewLine}  curl {Address}/admin/regulator-accounts/relay",
            demo.PublisherUrls.Count,
            string.Join(", ", demo.PublisherUrls),
            Environment.NewLine,
            string.Join(Environment.NewLine, requests.Select(r => $"  curl -H 'X-Api-Key: {DemoEnvironment.SasApiKey}' '{r}'")),
            Environment.NewLine,
            DemoEnvironment.RegulatorAccountSample(address.TrimEnd('/')),
            Environment.NewLine,
            address.TrimEnd('/'),
            Environment.NewLine,
            address.TrimEnd('/'));
    }
}
