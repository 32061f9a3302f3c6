using Sas.Interop.Host.Admin.Security;

namespace Sas.Interop.Host.Push;

/// <summary>
/// One credential, one client: an API key may be configured for the admin API, one publisher or one consumer, never
/// two of them, and a certificate thumbprint or subject for one publisher or one consumer. Each API checks only its
/// own list, so a key configured for one is never accepted by another; refusing shared secrets at start-up keeps that
/// rule from resting on who happened to be looked up first.
/// </summary>
internal static class CredentialSeparation
{
    public static void Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = new List<(string Owner, string Path, string Value)>();
        var certificates = new List<(string Owner, string Path, string Value)>();
        var admin = configuration.GetSection(AdminAccess.SectionName).GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value));
        keys.AddRange(admin.Select(c => ("Admin", c.Path, c.Value!)));
        foreach (var root in new[] { PublisherRegistry.SectionName, ConsumerRegistry.SectionName })
        {
            foreach (var client in configuration.GetSection(root).GetChildren())
            {
                var owner = client.Path;
                keys.AddRange(client.GetSection("ApiKeys").GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => (owner, c.Path, c.Value!)));
                certificates.AddRange(client.GetSection("CertificateThumbprints").GetChildren()
                    .Select(c => (owner, c.Path, ClientCredentials.NormalizeThumbprint(c.Value))).Where(c => c.Item3.Length > 0));
                certificates.AddRange(client.GetSection("CertificateSubjects").GetChildren().Where(c => !string.IsNullOrEmpty(c["CN"]))
                    .Select(c => (owner, c.Path, $"CN={c["CN"]}, OU={c["OU"]}")));
            }
        }

        // The secrets themselves are never printed: only where they are configured.
        var problems = keys.GroupBy(k => k.Value, StringComparer.Ordinal)
            .Concat(certificates.GroupBy(c => c.Value, StringComparer.Ordinal))
            .Where(g => g.Select(k => k.Owner).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => $"{string.Join(" and ", g.Select(k => k.Path))}: the same credential is configured for {string.Join(", ", g.Select(k => k.Owner).Distinct(StringComparer.Ordinal))}; each must identify exactly one client.")
            .ToList();
        if (problems.Count > 0)
        {
            throw new ClientConfigurationException("client credential", problems);
        }
    }
}
