using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Quartz;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Ingestion;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Health;
using Sas.Interop.Sync.Runs;
using Sas.Interop.Sync.Jobs;
using Sas.Interop.Sync.Plugins;
using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Sync.Hosting;

/// <summary>Registration of the connector runtime: per-instance HTTP clients with resilience, the sync service and Quartz.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Reads <c>Connectors:*</c>. Problems are collected and thrown, all at once, when the catalog is first resolved
    /// (<see cref="ValidateConnectors"/> does it at startup).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The hub's configuration (<c>Connectors</c>, <c>Sync</c>, and <c>Store</c> for the job store).</param>
    /// <param name="configureQuartz">More jobs of the host's own, scheduled in the same scheduler.</param>
    public static IServiceCollection AddSasInteropSync(this IServiceCollection services, IConfiguration configuration, Action<IQuartzBuilder>? configureQuartz = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var instances = ConnectorConfigurationReader.Read(configuration, problems);

        services.TryAddSingleton(TimeProvider.System);
        services.AddPullIngestion();

        // The catalog needs the factory even when no instance is configured (and so no named client added).
        services.AddHttpClient();
        services.AddSingleton(sp => new ConnectorCatalog(
            instances,
            problems,
            sp.GetServices<ConnectorType>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConnectorSyncService, ConnectorSyncService>();

        // Hub-wide freshness and snapshot-guard settings; their problems join the connectors' at startup.
        var syncOptions = configuration.GetSection("Sync").Get<SyncOptions>() ?? new SyncOptions();
        problems.AddRange(syncOptions.Validate());
        services.AddSingleton(syncOptions);
        services.AddSingleton<ConnectorHealthRegistry>();
        services.AddSingleton<IConnectorHealth>(sp => sp.GetRequiredService<ConnectorHealthRegistry>());
        services.AddSingleton(sp => new SlotFreshness(syncOptions.StaleAfter, syncOptions.WithholdAfter, sp.GetRequiredService<TimeProvider>()));

        // Connector types shipped as plugins join the built-in ones; a type's constructor may ask for hub services.
        var pluginPaths = configuration.GetSection(ConnectorPluginLoader.SectionName).GetChildren().Select(c => c.Value ?? string.Empty);
        foreach (var pluginType in ConnectorPluginLoader.Load(pluginPaths, AppContext.BaseDirectory, problems))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(ConnectorType), pluginType));
        }

        ConnectorHttpClientServiceCollectionExtensions.AddPublisherTelemetry(services);
        foreach (var instance in instances)
        {
            ConnectorHttpClientServiceCollectionExtensions.AddInstanceHttpClient(services, instance);
            if (instance.Options.RegulatorAccounts)
            {
                AddRegulatorAccountsHttpClient(services, instance);
            }
        }

        var clustered = ClusteredJobStore.FromConfiguration(configuration);
        services.AddQuartz(quartz =>
        {
            // The cluster's name in the shared tables: every node must use the same.
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = "sas-interop");
            clustered?.Apply(quartz);
            foreach (var instance in instances.Where(i => i.Options.Enabled))
            {
                AddSyncJob(quartz, instance, clustered is not null);
            }

            configureQuartz?.Invoke(quartz);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Resolves the catalog so that a bad configuration stops the host at startup with a readable message.</summary>
    public static void ValidateConnectors(this IServiceProvider services) =>
        services.GetRequiredService<ConnectorCatalog>();

    // No retry here: the regulator-account outbox retries with its persisted backoff. The circuit stops hammering a
    // publisher that keeps failing; the timeout bounds one attempt.
    private static void AddRegulatorAccountsHttpClient(IServiceCollection services, ConnectorInstance instance)
    {
        var resilience = instance.Options.Resilience;
        services.AddHttpClient(instance.RegulatorAccountsHttpClientName, client =>
            {
                client.BaseAddress = instance.BaseAddress;
                client.Timeout = resilience.AttemptTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd(HubVersion.UserAgent);
            })
            .UseOutboundTls(instance.Tls)
            .AddResilienceHandler("regulator-accounts", pipeline =>
            {
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = resilience.CircuitBreakerFailureRatio,
                    MinimumThroughput = resilience.CircuitBreakerMinimumThroughput,
                    SamplingDuration = resilience.CircuitBreakerSamplingDuration,
                    BreakDuration = resilience.CircuitBreakerBreakDuration,
                });
                pipeline.AddTimeout(resilience.AttemptTimeout);
            });
    }

    private static void AddSyncJob(IQuartzBuilder quartz, ConnectorInstance instance, bool clustered)
    {
        var jobKey = new JobKey(instance.Id, ConnectorSyncJob.Group);

        // RequestRecovery: when a node dies mid-sync, another node of the cluster re-runs the job (a sync is
        // idempotent: each batch replaces its scope). Concurrency: never two syncs of an instance at once,
        // cluster-wide with the clustered store (the job is marked non-concurrent in the shared tables).
        quartz.AddJob<ConnectorSyncJob>(job => job
            .WithIdentity(jobKey)
            .UsingJobData(ConnectorSyncJob.InstanceKey, instance.Id)
            .DisallowConcurrentExecution()
            .RequestRecovery()
            .StoreDurably());
        if (instance.Schedule.IsManual)
        {
            return;
        }

        if (instance.Schedule.Interval is { } interval)
        {
            // Clustered, every node registers the same trigger (same key) from its configuration at start-up and the
            // last one wins: configuration changes reach the cluster, at the cost of one run when a node starts.
            quartz.AddTrigger<ConnectorSyncJob>(trigger => trigger
                .ForJob(jobKey)
                .WithIdentity(instance.Id, ConnectorSyncJob.Group)
                .StartNow()

                // After downtime (or a tick missed while every node was down), run once and go on with the schedule
                // rather than replaying every missed run.
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        }
        else
        {
            quartz.AddTrigger<ConnectorSyncJob>(trigger => trigger
                .ForJob(jobKey)
                .WithIdentity(instance.Id, ConnectorSyncJob.Group)
                .WithCronSchedule(instance.Schedule.Cron!, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));

            // Fresh data at startup rather than at the next cron tick; a cluster's data is already in the shared store.
            if (!clustered)
            {
                quartz.AddTrigger<ConnectorSyncJob>(trigger => trigger
                    .ForJob(jobKey)
                    .WithIdentity(instance.Id + "-startup", ConnectorSyncJob.Group)
                    .StartNow());
            }
        }
    }
}
