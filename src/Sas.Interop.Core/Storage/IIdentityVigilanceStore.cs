namespace Sas.Interop.Core.Storage;

/// <summary>What identity vigilance reads: the same practitioner as several sources describe it, and rosters' silent keys.</summary>
public interface IIdentityVigilanceStore
{
    /// <summary>Every source's identity of each national id that at least two sources hold.</summary>
    Task<IReadOnlyList<PractitionerIdentity>> SharedPractitionersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Roster keys of which the instance holds no practitioner although it has had a successful sync: a sync's answer
    /// stores every practitioner it returns, so none of them ever returned the key.
    /// </summary>
    Task<IReadOnlyList<UnreturnedRosterKey>> UnreturnedRosterKeysAsync(CancellationToken cancellationToken);
}
