using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Host.Tests;

/// <summary>The hub's own slot store, except that slot searches throw: a /fhir/Slot search becomes a 500.</summary>
internal sealed class FailingSlotSearch(ISlotStore inner) : ISlotStore
{
    public const string Failure = "slot search broke (test double)";

    /// <summary>Swaps the registered <see cref="ISlotStore"/> for this wrapper around it.</summary>
    public static void Replace(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(ISlotStore));
        services.Remove(original);
        services.AddSingleton<ISlotStore>(sp => new FailingSlotSearch((ISlotStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
    }

    public Task<ScopeReplaceResult> ReplaceScopeAsync(string sourceInstance, Core.Sync.SyncScope scope, Core.Canonical.NormalizedBatch batch, CancellationToken cancellationToken) =>
        inner.ReplaceScopeAsync(sourceInstance, scope, batch, cancellationToken);

    public Task<int> CountScopeAsync(string sourceInstance, Core.Sync.SyncScope scope, CancellationToken cancellationToken) =>
        inner.CountScopeAsync(sourceInstance, scope, cancellationToken);

    public Task<SlotSearchResult> SearchAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Failure);

    public Task<ServedSlotSearchResult?> SearchServedAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Failure);

    public Task<IReadOnlyList<SlotStart>> ListFreeSlotStartsAsync(AvailabilityCriteria criteria, CancellationToken cancellationToken) =>
        inner.ListFreeSlotStartsAsync(criteria, cancellationToken);

    public Task<SosSearchResult> SearchSosAsync(SosSearchCriteria criteria, CancellationToken cancellationToken) =>
        inner.SearchSosAsync(criteria, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountSlotsBySourceAsync(CancellationToken cancellationToken) =>
        inner.CountSlotsBySourceAsync(cancellationToken);
}
