using Sas.Interop.Core.Sync;
using Sas.Interop.Host.Sources;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// The practitioners each served instance fetches, prefixed, as its connector type declares them (the roster the
/// hub serves, <see cref="ServedSources"/>): a disabled instance has none.
/// </summary>
internal sealed class ConnectorRosters(ServedSources served)
{
    public IReadOnlyList<(string Instance, string NationalId)> All() =>
        served.All
            .Where(source => source.Roster is { Kind: SyncScopeKind.Practitioner })
            .SelectMany(source => source.Roster!.Keys.Distinct(StringComparer.Ordinal).Select(id => (source.SourceInstance, id)))
            .ToList();
}
