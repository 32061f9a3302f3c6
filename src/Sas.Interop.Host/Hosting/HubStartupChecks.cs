using Sas.Interop.Host.Configuration;
using Sas.Interop.Host.Proxy;
using Sas.Interop.Host.Push;
using Sas.Interop.Host.Sources;
using Sas.Interop.Store.Hosting;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// What the hub checks and prepares once built, before it serves: the connectors' configuration, the store's schema,
/// the withdrawal of what the configuration no longer serves, and loud warnings about an unprotected hub.
/// </summary>
internal static class HubStartupChecks
{
    /// <param name="app">The built hub.</param>
    /// <param name="migrateOnly">The <c>migrate</c> command: apply the migrations and stop there.</param>
    /// <param name="tls">The hub's own TLS, as <c>ConfigureMutualTls</c> read it.</param>
    /// <param name="proxies">The trusted proxies, as <c>AddTrustedProxy</c> read them.</param>
    /// <param name="cancellationToken">Cancels startup.</param>
    public static async Task RunAsync(WebApplication app, bool migrateOnly, TlsOptions tls, TrustedProxies proxies, CancellationToken cancellationToken)
    {
        // Fail fast, with every problem listed (options, time zone, connectors), before Quartz starts any job.
        app.Services.ValidateHubConfiguration();
        if (migrateOnly)
        {
            var applied = await app.Services.MigrateSasInteropStoreAsync(cancellationToken);
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Store")
                .LogInformation("Store migrations applied: {Migrations}", applied.Count == 0 ? "none pending" : string.Join(", ", applied));
            return;
        }

        await app.Services.InitializeSasInteropStoreAsync(cancellationToken);
        await app.Services.WithdrawUnservedDataAsync(cancellationToken);
        WarnOfAnUnprotectedHub(app, tls, proxies);
    }

    private static void WarnOfAnUnprotectedHub(WebApplication app, TlsOptions tls, TrustedProxies proxies)
    {
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
    }
}
