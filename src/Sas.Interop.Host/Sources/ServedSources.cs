using Sas.Interop.Core.Storage;
using Sas.Interop.Host.Push;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Host.Sources;

/// <summary>
/// The sources the configuration serves (src/Sas.Interop.Core/truth.md, "Roster and configuration"): each enabled connector
/// instance, within the roster its connector type declares, and each configured push publisher. Configuration is
/// read once at start-up, so this list is fixed for the process.
/// </summary>
internal sealed class ServedSources(ConnectorCatalog catalog, PublisherRegistry publishers)
{
    private readonly Lazy<IReadOnlyList<ServedSource>> _all = new(() =>
    [
        .. catalog.Instances.Where(i => i.Options.Enabled).Select(i => new ServedSource(i.Id, catalog.RosterOf(i))),
        .. publishers.Publishers.Select(p => new ServedSource(p.SourceInstance, null)),
    ]);

    public IReadOnlyList<ServedSource> All => _all.Value;

    public bool IsServed(string sourceInstance) => All.Any(s => s.SourceInstance == sourceInstance);
}
