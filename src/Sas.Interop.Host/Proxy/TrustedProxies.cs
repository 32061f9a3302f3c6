using System.Net;
using System.Text.RegularExpressions;
using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Proxy;

/// <summary>
/// The TLS-terminating reverse proxies in front of the hub (<c>Proxy:KnownProxies</c>, <c>Proxy:KnownNetworks</c>):
/// only a connection from one of them may tell the client's certificate (<c>Proxy:CertificateHeader</c>) and its
/// address, scheme and host (<c>X-Forwarded-*</c>). From any other address those headers are ignored, since anyone
/// could write them. None configured: the hub reads the TLS connection itself, as without a proxy.
/// </summary>
internal sealed partial class TrustedProxies
{
    public const string SectionName = "Proxy";

    /// <summary>What <c>samples/deploy/nginx/sas-interop.conf</c> sends <c>$ssl_client_escaped_cert</c> in.</summary>
    public const string DefaultCertificateHeader = "X-SSL-Client-Cert";

    private static readonly string[] Keys = ["KnownProxies", "KnownNetworks", "CertificateHeader"];

    private TrustedProxies(IReadOnlyList<IPAddress> addresses, IReadOnlyList<IPNetwork> networks, string certificateHeader)
    {
        Addresses = addresses;
        Networks = networks;
        CertificateHeader = certificateHeader;
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public IReadOnlyList<IPNetwork> Networks { get; }

    public string CertificateHeader { get; }

    /// <summary>False: no proxy is configured and nothing forwarded is believed.</summary>
    public bool Configured => Addresses.Count > 0 || Networks.Count > 0;

    /// <summary>Reads <c>Proxy:*</c>; every mistake is listed, each naming its key, in one <see cref="ClientConfigurationException"/>.</summary>
    public static TrustedProxies FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var problems = new List<string>();
        foreach (var unknown in section.GetChildren().Where(c => !Keys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{unknown.Path} is not a setting (known: {string.Join(", ", Keys.Select(k => SectionName + ":" + k))}).");
        }

        var addresses = new List<IPAddress>();
        foreach (var (key, text) in Entries(section.GetSection("KnownProxies")))
        {
            if (TryParseAddress(text, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                problems.Add(text.Contains('/', StringComparison.Ordinal)
                    ? $"{key} '{text}' is a network: list it under {SectionName}:KnownNetworks."
                    : $"{key} '{text}' is not an IP address (e.g. 10.0.0.5 or fd00::5).");
            }
        }

        var networks = new List<IPNetwork>();
        foreach (var (key, text) in Entries(section.GetSection("KnownNetworks")))
        {
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPNetwork.TryParse(text, out var network) || !TryParseAddress(text[..slash], out var written))
            {
                problems.Add($"{key} '{text}' is not a CIDR network (e.g. 10.0.0.0/24: an address, '/', a prefix length).");
            }
            else if (!network.BaseAddress.Equals(written))
            {
                // IPNetwork quietly masks the host bits: 10.0.0.1/24 may have meant 10.0.0.1/32, so the operator says which.
                problems.Add($"{key} '{text}' is not a CIDR network: address bits are set past the prefix (did you mean {network}?).");
            }
            else
            {
                networks.Add(network);
            }
        }

        var header = section["CertificateHeader"];
        if (header is not null && !HeaderName().IsMatch(header))
        {
            problems.Add($"{SectionName}:CertificateHeader '{header}' is not an HTTP header name (letters, digits and '-', e.g. {DefaultCertificateHeader}).");
        }

        if (header is not null && addresses.Count == 0 && networks.Count == 0)
        {
            problems.Add($"{SectionName}:CertificateHeader is set but no {SectionName}:KnownProxies or {SectionName}:KnownNetworks: a forwarded certificate would never be believed. List the proxy's addresses.");
        }

        if (problems.Count > 0)
        {
            throw new ClientConfigurationException("proxy", problems);
        }

        return new TrustedProxies(addresses, networks, string.IsNullOrEmpty(header) ? DefaultCertificateHeader : header);
    }

    /// <summary>True when <paramref name="remote"/> (the TCP peer, not what any header claims) is a configured proxy.</summary>
    public bool Trusts(IPAddress? remote)
    {
        if (remote is null)
        {
            return false;
        }

        // Kestrel on a dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return Addresses.Contains(address) || Networks.Any(network => network.Contains(address));
    }

    public override string ToString() => string.Join(", ", Addresses.Select(a => a.ToString()).Concat(Networks.Select(n => n.ToString())));

    /// <summary>An array (<c>Proxy:KnownProxies:0</c>…) or one comma-separated value, each entry with the key that holds it.</summary>
    private static IEnumerable<(string Key, string Text)> Entries(IConfigurationSection list)
    {
        if (!string.IsNullOrWhiteSpace(list.Value))
        {
            return list.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(text => (list.Path, text));
        }

        return list.GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => (c.Path, c.Value!.Trim()));
    }

    // IPAddress.TryParse also takes "10.1" or "167772161" (classful shorthands): a proxy address must be written in full.
    private static bool TryParseAddress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address) =>
        IPAddress.TryParse(text, out address)
        && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || text.Count(c => c == '.') == 3);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*$")]
    private static partial Regex HeaderName();
}
