using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.HttpOverrides;
using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Proxy;

/// <summary>
/// The hub behind TLS-terminating proxies: ASP.NET Core's <c>ForwardedHeaders</c> and <c>CertificateForwarding</c>,
/// believed only from <see cref="TrustedProxies"/>. Without <c>Proxy:*</c> nothing is registered and nothing changes.
/// </summary>
internal static class TrustedProxyExtensions
{
    /// <summary>Reads <c>Proxy:*</c> (a mistake stops the start-up naming the key). Call after <c>ConfigureMutualTls</c>.</summary>
    public static TrustedProxies AddTrustedProxy(this WebApplicationBuilder builder)
    {
        var proxies = TrustedProxies.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(proxies);
        if (!proxies.Configured)
        {
            return proxies;
        }

        var tls = builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions();
        var clientCa = string.IsNullOrWhiteSpace(tls.ClientCaPath) ? null : LoadClientCa(tls.ClientCaPath);

        // Kestrel's mutual TLS registers the CRL when the hub itself serves HTTPS; behind a proxy it often does not.
        var checksCrl = MutualTls.AddClientRevocationList(builder.Services, tls, clientCa);

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;

            // The defaults trust loopback: only what is configured may speak for clients.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in proxies.Addresses)
            {
                options.KnownProxies.Add(address);
            }

            foreach (var network in proxies.Networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        builder.Services.AddCertificateForwarding(options => options.CertificateHeader = proxies.CertificateHeader);
        builder.Services.AddOptions<CertificateForwardingOptions>().Configure<IServiceProvider>((options, services) =>
        {
            var reader = new ForwardedCertificateReader(
                clientCa,
                checksCrl ? services.GetRequiredService<ClientRevocationList>() : null,
                services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Security"));
            // The delegate is declared non-null, but the middleware's feature takes null as "no certificate".
            options.HeaderConverter = header => reader.Read(header)!;
        });
        return proxies;
    }

    private static X509Certificate2 LoadClientCa(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ClientConfigurationException($"Tls:ClientCaPath '{path}' cannot be read as a PEM or DER certificate ({ex.Message}); behind a proxy it checks the forwarded client certificates.", ex);
        }
    }

    /// <summary>Before authentication: the forwarded certificate is the client's identity.</summary>
    public static WebApplication UseTrustedProxy(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<TrustedProxies>();
        if (!proxies.Configured)
        {
            return app;
        }

        // CertificateForwarding believes any sender: it runs only for a connection from a proxy, judged by the TCP
        // peer before UseForwardedHeaders replaces RemoteIpAddress with the client's address from X-Forwarded-For.
        app.UseWhen(http => proxies.Trusts(http.Connection.RemoteIpAddress), branch => branch.UseCertificateForwarding());
        app.UseForwardedHeaders();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Security");
        var clientCa = app.Configuration[$"{TlsOptions.SectionName}:{nameof(TlsOptions.ClientCaPath)}"];
        if (string.IsNullOrWhiteSpace(clientCa))
        {
            logger.LogWarning("Behind a proxy ({Proxies}): client certificates forwarded in {Header} are believed as the proxy verified them; set Tls:ClientCaPath so the hub checks them too.", proxies, proxies.CertificateHeader);
        }
        else
        {
            logger.LogInformation("Behind a proxy ({Proxies}): client certificates forwarded in {Header} and X-Forwarded-* are believed from these addresses only, and certificates are checked again against {ClientCa}.", proxies, proxies.CertificateHeader, clientCa);
        }

        return app;
    }
}
