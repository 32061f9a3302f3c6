using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Core.Storage;

/// <summary>The canonical store of practitioners, places, schedules and slots.</summary>
public interface ISlotStore
{
    /// <summary>
    /// Replaces, in one transaction, what <paramref name="sourceInstance"/> holds inside <paramref name="scope"/>
    /// with <paramref name="batch"/>. Nothing outside the scope is touched; on any error nothing is changed.
    /// </summary>
    Task<ScopeReplaceResult> ReplaceScopeAsync(string sourceInstance, SyncScope scope, NormalizedBatch batch, CancellationToken cancellationToken);

    /// <summary>Number of slots <paramref name="sourceInstance"/> holds inside <paramref name="scope"/> (the suspicious-snapshot guard compares with it).</summary>
    Task<int> CountScopeAsync(string sourceInstance, SyncScope scope, CancellationToken cancellationToken);

    /// <summary>Slots matching the criteria with everything the facade includes for them.</summary>
    Task<SlotSearchResult> SearchAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken);

    /// <summary>
    /// The PS-individuel search (without hub-near) answered from the renderings stored with each record. Null when
    /// any record the answer needs has no rendering of the current format (written before renderings existed, by a
    /// store without a renderer, or by an older mapping): the caller then builds the answer from
    /// <see cref="SearchAsync"/>, which always works.
    /// </summary>
    Task<ServedSlotSearchResult?> SearchServedAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken) =>
        Task.FromResult<ServedSlotSearchResult?>(null);

    /// <summary>
    /// Start of every free slot the PS-individuel search would serve for these practitioners in the criteria's
    /// half-open window (the <c>$availability</c> summary counts them).
    /// </summary>
    Task<IReadOnlyList<SlotStart>> ListFreeSlotStartsAsync(AvailabilityCriteria criteria, CancellationToken cancellationToken);

    /// <summary>SOS Médecins: schedules of the associations' places with matching slots, and what they point to.</summary>
    Task<SosSearchResult> SearchSosAsync(SosSearchCriteria criteria, CancellationToken cancellationToken);

    /// <summary>Number of slots held per source instance.</summary>
    Task<IReadOnlyDictionary<string, int>> CountSlotsBySourceAsync(CancellationToken cancellationToken);
}
