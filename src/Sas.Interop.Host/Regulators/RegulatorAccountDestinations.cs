using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Regulators;

/// <summary>The publishers regulator accounts go to: enabled connector instances with <c>RegulatorAccounts: true</c>.</summary>
internal sealed class RegulatorAccountDestinations(ConnectorCatalog catalog)
{
    /// <summary>Ids of the publishers each new version is enqueued for.</summary>
    public IReadOnlyList<string> Ids { get; } = [.. catalog.Instances.Where(i => i.Options.RegulatorAccounts && i.Options.Enabled).Select(i => i.Id)];

    /// <summary>The configured instance of <paramref name="id"/> receiving accounts, or null (removed since, or no longer receiving).</summary>
    public ConnectorInstance? Find(string id) => catalog.Find(id) is { Options.RegulatorAccounts: true } instance ? instance : null;
}
