using System.Security.Cryptography.X509Certificates;

namespace Sas.Interop.Host.Tests;

/// <summary>An HttpClient for a TLS test hub: trusts the test CA's server certificate, presents an optional client certificate.</summary>
internal static class MutualTlsClient
{
    /// <summary>A new handler each time, so each client makes its own TLS handshake (no pooled connection is reused).</summary>
    public static HttpClient Create(RunningHub hub, X509Certificate2 ca, X509Certificate2? clientCertificate) =>
        new(Handler(ca, clientCertificate), disposeHandler: true) { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Trusts servers whose certificate chains to <paramref name="ca"/>; presents <paramref name="clientCertificate"/> if any.</summary>
    public static HttpClientHandler Handler(X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, server, _, _) => server is not null && ServerChainsTo(server, ca),
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificates.Add(clientCertificate);
        }

        return handler;
    }

    private static bool ServerChainsTo(X509Certificate2 server, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
