using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// Withdrawal of what the configuration no longer serves. Counting and purging share one definition of an orphan
/// (<see cref="Orphans"/>), so the purge deletes exactly what <c>/admin/connectors</c> showed.
/// </summary>
internal sealed class EfSourceWithdrawalStore(IDbContextFactory<HubDbContext> contextFactory) : ISourceWithdrawalStore
{
    public async Task<IReadOnlyDictionary<string, int>> WithdrawUnservedSlotsAsync(IReadOnlyCollection<ServedSource> served, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(served);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rules = Rules(served);
        var withdrawn = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in await db.Slots.Select(s => s.SourceInstance).Distinct().ToListAsync(cancellationToken))
        {
            var slots = new Orphans(db, source, rules.GetValueOrDefault(source), rules.ContainsKey(source)).Slots;
            if (slots is not null && await slots.ExecuteDeleteAsync(cancellationToken) is > 0 and var count)
            {
                withdrawn[source] = count;
            }
        }

        return withdrawn;
    }

    public async Task<IReadOnlyList<SourceOrphans>> GetOrphansAsync(IReadOnlyCollection<ServedSource> served, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(served);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rules = Rules(served);
        var result = new List<SourceOrphans>();
        foreach (var source in await SourcesAsync(db, cancellationToken))
        {
            var counts = await new Orphans(db, source, rules.GetValueOrDefault(source), rules.ContainsKey(source)).CountAsync(cancellationToken);
            if (counts.Total > 0)
            {
                result.Add(counts);
            }
        }

        return result;
    }

    public async Task<SourceOrphans> PurgeOrphansAsync(string sourceInstance, IReadOnlyCollection<ServedSource> served, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(served);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rules = Rules(served);
        var deleted = await new Orphans(db, sourceInstance, rules.GetValueOrDefault(sourceInstance), rules.ContainsKey(sourceInstance)).DeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static Dictionary<string, SourceRoster?> Rules(IReadOnlyCollection<ServedSource> served) =>
        served.ToDictionary(s => s.SourceInstance, s => s.Roster, StringComparer.Ordinal);

    private static async Task<List<string>> SourcesAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        var sources = await db.Slots.Select(s => s.SourceInstance)
            .Union(db.Practitioners.Select(p => p.SourceInstance))
            .Union(db.Places.Select(p => p.SourceInstance))
            .Union(db.Schedules.Select(s => s.SourceInstance))
            .Union(db.Organizations.Select(o => o.SourceInstance))
            .Union(db.Locations.Select(l => l.SourceInstance))
            .Union(db.HealthcareServices.Select(h => h.SourceInstance))
            .ToListAsync(cancellationToken);
        return [.. sources.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The rows of one source that are not served, one query per table (null: none can be). A source not served
    /// orphans everything it holds. A served source with a roster orphans, by the roster's kind, the slots,
    /// practitioners (with their places and schedules) or associations (with their locations and schedules) of keys
    /// outside it; the rest of its rows (CPTS structures, for instance) is shared by its keys and stays.
    /// </summary>
    private sealed class Orphans
    {
        private readonly HubDbContext _db;

        public Orphans(HubDbContext db, string source, SourceRoster? roster, bool served)
        {
            _db = db;
            Source = source;
            Served = served;
            if (!served)
            {
                Slots = db.Slots.Where(s => s.SourceInstance == source);
                Practitioners = db.Practitioners.Where(p => p.SourceInstance == source);
                Places = db.Places.Where(p => p.SourceInstance == source);
                Schedules = db.Schedules.Where(s => s.SourceInstance == source);
                Organizations = db.Organizations.Where(o => o.SourceInstance == source);
                Locations = db.Locations.Where(l => l.SourceInstance == source);
                HealthcareServices = db.HealthcareServices.Where(h => h.SourceInstance == source);
                return;
            }

            if (roster is null)
            {
                return;
            }

            var keys = roster.Keys.ToList();
            if (roster.Kind == SyncScopeKind.Practitioner)
            {
                Slots = db.Slots.Where(s => s.SourceInstance == source && (s.PractitionerNationalId == null || !keys.Contains(s.PractitionerNationalId)));
                Practitioners = db.Practitioners.Where(p => p.SourceInstance == source && !keys.Contains(p.NationalId));
                var practitionerIds = Practitioners.Select(p => p.NativeId);
                Places = db.Places.Where(p => p.SourceInstance == source && practitionerIds.Contains(p.PractitionerNativeId));
                Schedules = db.Schedules.Where(s => s.SourceInstance == source && practitionerIds.Contains(s.PractitionerNativeId!));
            }
            else
            {
                Slots = db.Slots.Where(s => s.SourceInstance == source && (s.OrganizationNationalId == null || !keys.Contains(s.OrganizationNationalId)));
                Organizations = db.Organizations.Where(o => o.SourceInstance == source && o.NationalId != null && !keys.Contains(o.NationalId));
                var organizationIds = Organizations.Select(o => o.NativeId);
                Locations = db.Locations.Where(l => l.SourceInstance == source && organizationIds.Contains(l.OrganizationNativeId));
                var locationIds = Locations.Select(l => l.NativeId);
                Schedules = db.Schedules.Where(s => s.SourceInstance == source && locationIds.Contains(s.LocationNativeId!));

                // A structure agenda's HealthcareServices (centres de santé, MSP) go with their structure.
                HealthcareServices = db.HealthcareServices.Where(h => h.SourceInstance == source && organizationIds.Contains(h.OrganizationNativeId));
            }
        }

        public string Source { get; }

        public bool Served { get; }

        public IQueryable<SlotRow>? Slots { get; }

        public IQueryable<PractitionerRow>? Practitioners { get; }

        public IQueryable<PlaceRow>? Places { get; }

        public IQueryable<ScheduleRow>? Schedules { get; }

        public IQueryable<OrganizationRow>? Organizations { get; }

        public IQueryable<LocationRow>? Locations { get; }

        public IQueryable<HealthcareServiceRow>? HealthcareServices { get; }

        public async Task<SourceOrphans> CountAsync(CancellationToken cancellationToken) => new(
            Source,
            Served,
            await CountAsync(Slots, cancellationToken),
            await CountAsync(Practitioners, cancellationToken),
            await CountAsync(Places, cancellationToken),
            await CountAsync(Schedules, cancellationToken),
            await CountAsync(Organizations, cancellationToken),
            await CountAsync(Locations, cancellationToken),
            await CountAsync(HealthcareServices, cancellationToken));

        /// <summary>Dependants first: the schedules, places and locations are found through the rows they hang on.</summary>
        public async Task<SourceOrphans> DeleteAsync(CancellationToken cancellationToken)
        {
            // The identifiers a removed publisher's conditional writes were keyed by go with its data (they serve nothing).
            if (!Served)
            {
                await _db.PushIdentifiers.Where(i => i.SourceInstance == Source).ExecuteDeleteAsync(cancellationToken);
            }

            var slots = await DeleteAsync(Slots, cancellationToken);
            var schedules = await DeleteAsync(Schedules, cancellationToken);
            var places = await DeleteAsync(Places, cancellationToken);
            var locations = await DeleteAsync(Locations, cancellationToken);
            var services = await DeleteAsync(HealthcareServices, cancellationToken);
            var practitioners = await DeleteAsync(Practitioners, cancellationToken);
            var organizations = await DeleteAsync(Organizations, cancellationToken);
            return new SourceOrphans(Source, Served, slots, practitioners, places, schedules, organizations, locations, services);
        }

        private static async Task<int> CountAsync<TRow>(IQueryable<TRow>? rows, CancellationToken cancellationToken) =>
            rows is null ? 0 : await rows.CountAsync(cancellationToken);

        private static async Task<int> DeleteAsync<TRow>(IQueryable<TRow>? rows, CancellationToken cancellationToken) =>
            rows is null ? 0 : await rows.ExecuteDeleteAsync(cancellationToken);
    }
}
