using Sas.Interop.Core.Sync;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// The rosters of the connector instances, in the database (src/Sas.Interop.Core/truth.md, "Roster and configuration"):
/// every node reads the same, an upload needs no restart, and configuration only seeds them.
/// </summary>
public interface ISourceRosterStore
{
    /// <summary>
    /// Brings each configured instance's roster in line with its configuration, in one transaction per instance: its
    /// configured keys are added (origin <c>configuration</c>), a key of origin <c>configuration</c> no longer
    /// configured is removed, and a key that cannot stand in a roster of the instance's kind (the flow changed) is
    /// removed. Uploaded keys stay. Instances not listed are left alone. Returns, per instance, the keys removed.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> SeedAsync(IReadOnlyDictionary<string, SourceRoster> configured, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The instance's entries, by national id.</summary>
    Task<IReadOnlyList<RosterEntry>> GetEntriesAsync(string sourceInstance, CancellationToken cancellationToken);

    /// <summary>The instance's keys, by national id (what its connector fetches).</summary>
    Task<IReadOnlyList<string>> GetKeysAsync(string sourceInstance, CancellationToken cancellationToken);

    /// <summary>The instances whose roster lists <paramref name="nationalId"/> (one key's lookup, e.g. per booking).</summary>
    Task<IReadOnlyList<string>> InstancesHoldingAsync(string nationalId, CancellationToken cancellationToken);

    /// <summary>Every instance's keys.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetAllKeysAsync(CancellationToken cancellationToken);

    /// <summary>Adds the entries not yet in the roster, in one transaction; returns the national ids it added.</summary>
    Task<IReadOnlyList<string>> AddAsync(string sourceInstance, IReadOnlyList<RosterEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Removes one key and, in the same transaction, withdraws its slots from that instance (what a key removed from
    /// the configuration loses at start-up). Null when the key was not in the roster; else the slots withdrawn.
    /// </summary>
    Task<int?> RemoveAsync(string sourceInstance, string nationalId, SyncScopeKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the instance's slots whose key is not in its roster: what a sync stored for a key removed while it ran.
    /// </summary>
    Task<int> WithdrawOutsideRosterAsync(string sourceInstance, SyncScopeKind kind, CancellationToken cancellationToken);
}
