using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// What the publisher push API needs beyond <see cref="ISlotChangeStore"/>: the publisher's existing agenda (so a
/// pushed Slot may reference a Schedule pushed earlier), existence checks (201 vs 200) and upserts plus slot
/// deletions applied in one transaction.
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

    /// <summary>Which of <paramref name="nativeIds"/> of this FHIR resource type are already stored for the source.</summary>
    Task<IReadOnlySet<string>> ExistingAsync(string sourceInstance, string resourceType, IReadOnlyCollection<string> nativeIds, CancellationToken cancellationToken);

    /// <summary>True when any slot of <paramref name="sourceInstance"/> is stored.</summary>
    Task<bool> HoldsSlotsAsync(string sourceInstance, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: upserts the batch by (source, native id) like <see cref="ISlotChangeStore"/>, then deletes
    /// the listed slots of the source. Returns how many slots were deleted.
    /// </summary>
    Task<int> ApplyAsync(string sourceInstance, NormalizedBatch batch, IReadOnlyCollection<string> slotIdsToDelete, CancellationToken cancellationToken);
}
