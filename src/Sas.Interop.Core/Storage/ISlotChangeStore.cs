using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// Applies an incremental batch (a connector's changes since its previous fetch): records are added or updated by
/// (source, native id) and nothing is deleted. Only a full snapshot (<see cref="ISlotStore.ReplaceScopeAsync"/>)
/// removes slots.
/// </summary>
public interface ISlotChangeStore
{
    /// <summary>
    /// Upserts, in one transaction, the batch's practitioners, places, schedules, organisations and slots of
    /// <paramref name="sourceInstance"/>. A slot now busy is stored busy, so the facade stops serving it.
    /// <see cref="ScopeReplaceResult.SlotsRemoved"/> is always 0.
    /// </summary>
    Task<ScopeReplaceResult> UpsertChangesAsync(string sourceInstance, NormalizedBatch batch, CancellationToken cancellationToken);
}
