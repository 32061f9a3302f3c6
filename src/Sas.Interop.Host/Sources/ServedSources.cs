using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Host.Push;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Sources;

/// <summary>
/// The sources the hub serves (src/Sas.Interop.Core/truth.md, "Roster and configuration"): each enabled connector
/// instance, within its roster, and each configured push publisher. Which instances and publishers, and the kind of
/// each instance's roster, come from configuration, read once at start-up; the roster's keys are the database's
/// (<see cref="ISourceRosterStore"/>), read at each use, so an upload or a removal on any node shows at once.
/// </summary>
internal sealed class ServedSources(ConnectorCatalog catalog, PublisherRegistry publishers, ISourceRosterStore rosters)
{
    private readonly Lazy<IReadOnlyDictionary<string, SourceRoster>> _configured = new(() =>
        catalog.Instances
            .Select(i => (i.Id, Roster: catalog.RosterOf(i)))
            .Where(i => i.Roster is not null)
            .ToDictionary(i => i.Id, i => i.Roster!, StringComparer.Ordinal));

    private readonly Lazy<IReadOnlyList<string>> _sources = new(() =>
    [
        .. catalog.Instances.Where(i => i.Options.Enabled).Select(i => i.Id),
        .. publishers.Publishers.Select(p => p.SourceInstance),
    ]);

    /// <summary>The roster each configured instance's settings list (enabled or not): what seeds the database's.</summary>
    public IReadOnlyDictionary<string, SourceRoster> ConfiguredRosters => _configured.Value;

    /// <summary>The kind of the instance's roster; null when its connector type keeps none (or it is not configured).</summary>
    public SyncScopeKind? RosterKindOf(string instanceId) =>
        _configured.Value.TryGetValue(instanceId, out var roster) ? roster.Kind : null;

    /// <summary>Every served source, each instance with the roster the database holds for it.</summary>
    public async Task<IReadOnlyList<ServedSource>> AllAsync(CancellationToken cancellationToken)
    {
        var keys = await rosters.GetAllKeysAsync(cancellationToken);
        return
        [
            .. _sources.Value.Select(id => new ServedSource(
                id,
                RosterKindOf(id) is { } kind ? new SourceRoster(kind, keys.GetValueOrDefault(id) ?? []) : null)),
        ];
    }

    public bool IsServed(string sourceInstance) => _sources.Value.Contains(sourceInstance, StringComparer.Ordinal);
}
