using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using static Sas.Interop.Store.Tests.CanonicalBuilder;
using static Sas.Interop.Store.Tests.SosAndCptsStoreTests;

namespace Sas.Interop.Store.Tests;

/// <summary>What withdrawal, the orphan count and the purge take, by roster kind; and that they never touch served rows.</summary>
[Category("Integration")]
public sealed class SourceWithdrawalStoreTests
{
    private const string A = "810000000001";
    private const string B = "810000000002";
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp() => _store = await StoreFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    private ISourceWithdrawalStore Withdrawals => _store.Services.GetRequiredService<ISourceWithdrawalStore>();

    [Test]
    public async Task A_practitioner_outside_the_roster_loses_its_slots_and_its_rows_are_orphans_until_purged()
    {
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A, B), Batch("pub", (A, 3), (B, 2)), CancellationToken.None);
        ServedSource[] served = [new("pub", new SourceRoster(SyncScopeKind.Practitioner, [A]))];

        var withdrawn = await Withdrawals.WithdrawUnservedSlotsAsync(served, CancellationToken.None);
        var orphans = (await Withdrawals.GetOrphansAsync(served, CancellationToken.None)).Single();

        Assert.Multiple(async () =>
        {
            Assert.That(withdrawn, Is.EqualTo(new Dictionary<string, int> { ["pub"] = 2 }));
            Assert.That(orphans, Is.EqualTo(new SourceOrphans("pub", true, 0, 1, 1, 1, 0, 0, 0)));
            Assert.That((await _store.Slots.CountSlotsBySourceAsync(CancellationToken.None))["pub"], Is.EqualTo(3), "A's slots stay");
        });

        var purged = await Withdrawals.PurgeOrphansAsync("pub", served, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(purged.Total, Is.EqualTo(3));
            Assert.That(await Withdrawals.GetOrphansAsync(served, CancellationToken.None), Is.Empty);
            var found = await _store.Slots.SearchAsync(new SlotSearchCriteria([A], Monday, Monday.AddHours(72), Core.Canonical.SlotStatus.Free, 100), CancellationToken.None);
            Assert.That(found.Total, Is.EqualTo(3));
            Assert.That(found.Practitioners.Single().NationalId, Is.EqualTo(A), "A's practitioner, place and schedule are served as before");
            Assert.That(found.Places, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task An_association_outside_an_sos_roster_loses_its_slots_locations_and_schedules_only()
    {
        await _store.Slots.ReplaceScopeAsync("sos", SosScope(Rennes, Lorient), SosBatch((Rennes, 1), (Lorient, 2)), CancellationToken.None);
        ServedSource[] served = [new("sos", new SourceRoster(SyncScopeKind.Organization, [Rennes]))];

        var withdrawn = await Withdrawals.WithdrawUnservedSlotsAsync(served, CancellationToken.None);
        var orphans = (await Withdrawals.GetOrphansAsync(served, CancellationToken.None)).Single();
        var purged = await Withdrawals.PurgeOrphansAsync("sos", served, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(withdrawn["sos"], Is.EqualTo(2));
            Assert.That(orphans, Is.EqualTo(new SourceOrphans("sos", true, 0, 0, 0, 1, 1, 1, 0)));
            Assert.That(purged, Is.EqualTo(orphans));
            var found = await _store.Slots.SearchSosAsync(new SosSearchCriteria([Rennes, Lorient], Monday, Monday.AddHours(72), Core.Canonical.SlotStatus.Free, 100), CancellationToken.None);
            Assert.That(found.Slots.Select(s => s.OrganizationNationalId), Is.EqualTo(new[] { Rennes }));
            Assert.That(found.Locations, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_source_no_longer_served_loses_its_slots_and_everything_else_is_orphaned_while_served_sources_are_untouched()
    {
        await _store.Slots.ReplaceScopeAsync("gone", Scope(A), Batch("gone", (A, 2)), CancellationToken.None);
        await _store.Slots.ReplaceScopeAsync("push-alpha", Scope(B), Batch("push-alpha", (B, 2)), CancellationToken.None);
        ServedSource[] served = [new("push-alpha", null)];

        var withdrawn = await Withdrawals.WithdrawUnservedSlotsAsync(served, CancellationToken.None);
        var orphans = await Withdrawals.GetOrphansAsync(served, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(withdrawn, Is.EqualTo(new Dictionary<string, int> { ["gone"] = 2 }));
            Assert.That(orphans.Single(), Is.EqualTo(new SourceOrphans("gone", false, 0, 1, 1, 1, 0, 0, 0)));
            Assert.That((await _store.Slots.CountSlotsBySourceAsync(CancellationToken.None)).Keys, Is.EqualTo(new[] { "push-alpha" }));
        });

        Assert.That((await Withdrawals.PurgeOrphansAsync("push-alpha", served, CancellationToken.None)).Total, Is.Zero, "a served source without a roster has no orphans");
    }
}
