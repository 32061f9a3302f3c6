using Sas.Interop.Core.Identifiers;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// The practitioners each instance is configured to fetch (<c>Connectors:&lt;id&gt;:Practitioners</c>), prefixed.
/// Read from configuration, as the connector itself reads them.
/// </summary>
internal sealed class ConnectorRosters(ConnectorCatalog catalog, IConfiguration configuration)
{
    public IReadOnlyList<(string Instance, string NationalId)> All() =>
        catalog.Instances
            .SelectMany(instance => (configuration.GetSection($"Connectors:{instance.Id}:Practitioners").Get<string[]>() ?? [])
                .Select(raw => NationalIdentifiers.TryNormalizePractitioner(raw, out var id, out _) ? id : null)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Select(id => (instance.Id, id)))
            .ToList();
}
