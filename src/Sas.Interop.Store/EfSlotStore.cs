using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Store;

/// <summary>
/// <see cref="ISlotStore"/>: the scope write (<see cref="SlotScopeWriter"/>, Writes/) and the searches
/// (<see cref="EfSlotSearch"/>, Search/) behind the one interface their callers know.
/// </summary>
/// <param name="contextFactory">The store's contexts.</param>
/// <param name="servedCache">The served agendas of recently asked practitioners.</param>
/// <param name="renderer">The host's renderer of served JSON (writes render with it, the served search reads its
/// format); null: nothing rendered, every search builds its answer.</param>
internal sealed class EfSlotStore(IDbContextFactory<HubDbContext> contextFactory, ServedAgendaCache servedCache, IServedResourceRenderer? renderer = null) : ISlotStore
{
    private readonly SlotScopeWriter _writes = new(contextFactory, renderer);
    private readonly EfSlotSearch _searches = new(contextFactory, servedCache, renderer);

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
