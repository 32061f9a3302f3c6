using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Store;

/// <summary>
/// <see cref="ISlotStore"/>: the scope write (<see cref="SlotScopeWriter"/>, Writes/) and the searches
/// (<see cref="EfSlotSearch"/>, Search/) behind the one interface their callers know.
/// </summary>
internal sealed class EfSlotStore(IDbContextFactory<HubDbContext> contextFactory, ServedAgendaCache servedCache) : ISlotStore
{
    private readonly SlotScopeWriter _writes = new(contextFactory);
    private readonly EfSlotSearch _searches = new(contextFactory, servedCache);

    public Task<ScopeReplaceResult> ReplaceScopeAsync(string sourceInstance, SyncScope scope, NormalizedBatch batch, CancellationToken cancellationToken) =>
        _writes.ReplaceScopeAsync(sourceInstance, scope, batch, cancellationToken);

    public Task<int> CountScopeAsync(string sourceInstance, SyncScope scope, CancellationToken cancellationToken) =>
        _writes.CountScopeAsync(sourceInstance, scope, cancellationToken);

    public Task<SlotSearchResult> SearchAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken) =>
        _searches.SearchAsync(criteria, cancellationToken);

    public Task<ServedSlotSearchResult?> SearchServedAsync(SlotSearchCriteria criteria, CancellationToken cancellationToken) =>
        _searches.SearchServedAsync(criteria, cancellationToken);

    public Task<IReadOnlyList<SlotStart>> ListFreeSlotStartsAsync(AvailabilityCriteria criteria, CancellationToken cancellationToken) =>
        _searches.ListFreeSlotStartsAsync(criteria, cancellationToken);

    public Task<SosSearchResult> SearchSosAsync(SosSearchCriteria criteria, CancellationToken cancellationToken) =>
        _searches.SearchSosAsync(criteria, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountSlotsBySourceAsync(CancellationToken cancellationToken) =>
        _searches.CountSlotsBySourceAsync(cancellationToken);
}
