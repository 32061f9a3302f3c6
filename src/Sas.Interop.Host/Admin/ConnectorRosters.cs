using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Host.Sources;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// The practitioners each served instance fetches, prefixed, as its roster in the database holds them (the roster the
/// hub serves, <see cref="ServedSources"/>): a disabled instance has none.
/// </summary>
internal sealed class ConnectorRosters(ServedSources served, ISourceRosterStore rosters)
{
    public async Task<IReadOnlyList<(string Instance, string NationalId)>> AllAsync(CancellationToken cancellationToken) =>
        (await served.AllAsync(cancellationToken))
            .Where(source => source.Roster is { Kind: SyncScopeKind.Practitioner })
            .SelectMany(source => source.Roster!.Keys.Distinct(StringComparer.Ordinal).Select(id => (source.SourceInstance, id)))
            .ToList();

    /// <summary>The served instances whose practitioner roster lists <paramref name="nationalId"/>: one key read, not every roster.</summary>
    public async Task<IReadOnlyList<string>> InstancesHoldingAsync(string nationalId, CancellationToken cancellationToken) =>
        [.. (await rosters.InstancesHoldingAsync(nationalId, cancellationToken))
            .Where(instance => served.IsServed(instance) && served.RosterKindOf(instance) == SyncScopeKind.Practitioner)];
}
