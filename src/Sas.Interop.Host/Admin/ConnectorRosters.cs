using Sas.Interop.Core.Sync;
using Sas.Interop.Host.Sources;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// The practitioners each served instance fetches, prefixed, as its roster in the database holds them (the roster the
/// hub serves, <see cref="ServedSources"/>): a disabled instance has none.
/// </summary>
internal sealed class ConnectorRosters(ServedSources served)
{
    public async Task<IReadOnlyList<(string Instance, string NationalId)>> AllAsync(CancellationToken cancellationToken) =>
        (await served.AllAsync(cancellationToken))
            .Where(source => source.Roster is { Kind: SyncScopeKind.Practitioner })
            .SelectMany(source => source.Roster!.Keys.Distinct(StringComparer.Ordinal).Select(id => (source.SourceInstance, id)))
            .ToList();
}
