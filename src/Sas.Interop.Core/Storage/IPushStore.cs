using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// What the publisher push API needs beyond <see cref="ISlotChangeStore"/>: the publisher's existing agenda (so a
/// pushed Slot may reference a Schedule pushed earlier), and versioned upserts plus slot deletions
/// applied in one transaction.
/// </summary>
public interface IPushStore
{
    /// <summary>
    /// The stored practitioners, places and schedules of <paramref name="sourceInstance"/> named by these native ids,
    /// plus what they depend on (a schedule's place and practitioner, a place's practitioner).
    /// </summary>
    Task<NormalizedBatch> LoadAgendaAsync(
        string sourceInstance,
        IReadOnlyCollection<string> scheduleIds,
        IReadOnlyCollection<string> placeIds,
        IReadOnlyCollection<string> practitionerIds,
        CancellationToken cancellationToken);

    /// <summary>True when any slot of <paramref name="sourceInstance"/> is stored.</summary>
    Task<bool> HoldsSlotsAsync(string sourceInstance, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: upserts the batch by (source, native id), then deletes the listed slots of the source. A
    /// resource's version goes up only when its content changes (not its <c>meta.lastUpdated</c> or received time).
    /// A key in <paramref name="expectedVersions"/> (If-Match) is written only if that version is the stored one,
    /// checked by the database in the UPDATE/DELETE itself, so it holds across nodes.
    /// </summary>
    /// <param name="sourceInstance">The publisher's source.</param>
    /// <param name="batch">What to upsert.</param>
    /// <param name="slotIdsToDelete">Native ids of the slots to delete.</param>
    /// <param name="expectedVersions">If-Match: the version each of these resources must have for the write to apply.</param>
    /// <param name="atomic">True: any version conflict writes nothing at all (a FHIR transaction).</param>
    /// <param name="now">The hub's clock, for the time a new version is written.</param>
    /// <param name="cancellationToken">Cancels the write (nothing is stored).</param>
    /// <returns>An outcome for every resource written or deleted.</returns>
    Task<IReadOnlyDictionary<PushKey, PushWriteOutcome>> ApplyAsync(
        string sourceInstance,
        NormalizedBatch batch,
        IReadOnlyCollection<string> slotIdsToDelete,
        IReadOnlyDictionary<PushKey, long> expectedVersions,
        bool atomic,
        DateTimeOffset now,
        CancellationToken cancellationToken);
}
