using Sas.Interop.Core.Storage;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Sources;

/// <summary>Each sync fetches the keys the database's roster holds for its instance, read at the start of the run.</summary>
internal sealed class DatabaseRosterSource(ServedSources served, ISourceRosterStore rosters) : IConnectorRosterSource
{
    public async Task<IReadOnlyList<string>?> KeysAsync(string instanceId, CancellationToken cancellationToken) =>
        served.RosterKindOf(instanceId) is null ? null : await rosters.GetKeysAsync(instanceId, cancellationToken);
}
