using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sas.Interop.Sync.Tls;

/// <summary>Puts an <see cref="OutboundTls"/> on a named HttpClient's primary handler, below its resilience pipeline.</summary>
public static class OutboundTlsHttpClientBuilderExtensions
{
    /// <summary>No-op when <paramref name="tls"/> is null (nothing configured: the system's TLS defaults).</summary>
    public static IHttpClientBuilder UseOutboundTls(this IHttpClientBuilder builder, OutboundTls? tls)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (tls is null)
        {
            return builder;
        }

        // Registered so a client certificate close to expiry is logged once at start-up.
        builder.Services.AddSingleton(tls);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboundTlsExpiryCheck>());

        // The handler the factory made (SocketsHttpHandler) is configured, not replaced: its pooling settings stay.
        return builder.ConfigurePrimaryHttpMessageHandler((handler, services) =>
            tls.Apply(handler, services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Security")));
    }
}
