namespace Sas.Interop.Core.Storage;

/// <summary>
/// Keeps what the store serves within the configuration: a connector instance removed or disabled, a key removed
/// from a roster, a push publisher removed. Their slots are withdrawn (deleted: they are dated copies a re-added
/// source fetches again); the rest of their rows is kept as orphans, never served, until an operator purges them.
/// </summary>
public interface ISourceWithdrawalStore
{
    /// <summary>
    /// Deletes the slots of every source not in <paramref name="served"/>, and those of each served source whose key
    /// is outside its roster. Returns, per source that lost some, how many slots were withdrawn.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> WithdrawUnservedSlotsAsync(IReadOnlyCollection<ServedSource> served, CancellationToken cancellationToken);

    /// <summary>What each source holds and does not serve; only sources with something orphaned.</summary>
    Task<IReadOnlyList<SourceOrphans>> GetOrphansAsync(IReadOnlyCollection<ServedSource> served, CancellationToken cancellationToken);

    /// <summary>Deletes, in one transaction, what <see cref="GetOrphansAsync"/> counts for one source; returns what it deleted.</summary>
    Task<SourceOrphans> PurgeOrphansAsync(string sourceInstance, IReadOnlyCollection<ServedSource> served, CancellationToken cancellationToken);
}
