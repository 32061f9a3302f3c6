using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// What the publisher push API needs beyond <see cref="ISlotChangeStore"/>: the publisher's existing agenda (so a
/// pushed Slot may reference a Schedule pushed earlier), and versioned upserts plus slot deletions
/// applied in one transaction.
/// </summary>
public interface IPushStore
{
    /// <summary>Longest identifier system a conditional write may name (it is part of a unique index).</summary>
    const int MaxIdentifierSystemLength = 255;

    /// <summary>
    /// The native ids of <paramref name="resourceType"/> in <paramref name="sourceInstance"/> that a conditional
    /// <c>identifier</c> names, following FHIR's token rules: <paramref name="system"/> null matches any system, empty
    /// matches identifiers without one. Identifiers are recorded per (system, value), so one value under two systems
    /// names two resources. A value no identifier names yet still names the resource whose id is that value when no
    /// other identifier claims it: what the hub stored before it told systems apart, and what <c>PUT Type/value</c> wrote.
    /// </summary>
    /// <param name="sourceInstance">The publisher's source.</param>
    /// <param name="resourceType">The FHIR type written.</param>
    /// <param name="system">The identifier's system; null for any, empty for none.</param>
    /// <param name="value">The identifier's value (a FHIR id).</param>
    /// <param name="claimAs">
    /// For a write: when nothing matches, record the identifier under this system (empty for none) with a free native
    /// id (the value itself when free) and return that id. Null for a delete: nothing is recorded.
    /// </param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>Every native id matched: none, one, or several (FHIR: 412 for a conditional write).</returns>
    Task<IReadOnlyList<string>> ResolveIdentifierAsync(
        string sourceInstance,
        string resourceType,
        string? system,
        string value,
        string? claimAs,
        CancellationToken cancellationToken);

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

    /// <summary>
    /// The native id of the <paramref name="resourceType"/> of <paramref name="sourceInstance"/> whose hub id is the
    /// hashed <paramref name="hubId"/> (<see cref="Identifiers.ResourceIds.For"/> hashes ids too long to stay readable),
    /// so the <c>Location</c> the push API answered can be written and deleted again; null when none is.
    /// </summary>
    Task<string?> FindHashedNativeIdAsync(string sourceInstance, string resourceType, string hubId, CancellationToken cancellationToken);

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
