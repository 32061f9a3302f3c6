using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using static Sas.Interop.Store.Tests.CanonicalBuilder;

namespace Sas.Interop.Store.Tests;

[Category("Integration")]
public sealed class SosAndCptsStoreTests
{
    internal const string Rennes = "334173748400020";
    internal const string Lorient = "392080466300010";
    private StoreFixture _store = null!;

    [SetUp]
    public async Task SetUp() => _store = await StoreFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task SOS_batches_replace_the_slots_of_their_associations_only()
    {
        await _store.Slots.ReplaceScopeAsync("sos", SosScope(Rennes, Lorient), SosBatch((Rennes, 3), (Lorient, 2)), CancellationToken.None);

        var result = await _store.Slots.ReplaceScopeAsync("sos", SosScope(Rennes), SosBatch((Rennes, 1)), CancellationToken.None);
        var found = await _store.Slots.SearchSosAsync(new SosSearchCriteria([Rennes, Lorient], Monday, Monday.AddHours(72), SlotStatus.Free, 100), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.SlotsRemoved, Is.EqualTo(2));
            Assert.That(found.Slots.Count(s => s.OrganizationNationalId == Rennes), Is.EqualTo(1));
            Assert.That(found.Slots.Count(s => s.OrganizationNationalId == Lorient), Is.EqualTo(2), "Lorient was not in the second batch's scope");
            Assert.That(found.Schedules.Select(s => s.LocationNativeId), Is.EquivalentTo(new[] { "pfg-" + Rennes, "pfg-" + Lorient }));
            Assert.That(found.Locations.Single(l => l.NativeId == "pfg-" + Rennes).Hours.Single().Days, Is.EqualTo(new[] { "mon", "tue" }));
            Assert.That(found.Organizations.Select(o => o.NationalId), Is.EquivalentTo(new[] { Rennes, Lorient }));
        });
    }

    [Test]
    public async Task SOS_search_leaves_out_slots_typed_only_PRO()
    {
        var batch = SosBatch((Rennes, 2));
        batch = batch with { Slots = [batch.Slots[0], batch.Slots[1] with { Types = SlotTypes.Pro }] };
        await _store.Slots.ReplaceScopeAsync("sos", SosScope(Rennes), batch, CancellationToken.None);

        var found = await _store.Slots.SearchSosAsync(new SosSearchCriteria([Rennes], Monday, Monday.AddHours(72), SlotStatus.Free, 100), CancellationToken.None);

        Assert.That(found.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { batch.Slots[0].NativeId }));
    }

    [Test]
    public async Task The_PS_flow_leaves_out_CPTS_only_slots_that_the_CPTS_flow_returns_with_their_CPTS()
    {
        const string A = "810000000021";
        var batch = Batch("pub", (A, 3));
        batch = batch with
        {
            Organizations = [new CanonicalOrganization { SourceInstance = "pub", NativeId = "org1", NationalId = "1950047225", Name = "CPTS AXE MAJEUR", FetchedAt = Monday }],
            HealthcareServices = [new CanonicalHealthcareService { SourceInstance = "pub", NativeId = "hs1", OrganizationNativeId = "org1", FetchedAt = Monday }],
            Slots =
            [
                batch.Slots[0],
                batch.Slots[1] with { Types = SlotTypes.Public | SlotTypes.Cpts, CptsServiceNativeIds = ["hs1"] },
                batch.Slots[2] with { Types = SlotTypes.Cpts, CptsServiceNativeIds = ["hs1"] },
            ],
        };
        await _store.Slots.ReplaceScopeAsync("pub", Scope(A), batch, CancellationToken.None);

        var ps = await _store.Slots.SearchAsync(new SlotSearchCriteria([A], Monday, Monday.AddHours(72), SlotStatus.Free, 100), CancellationToken.None);
        var cpts = await _store.Slots.SearchAsync(new SlotSearchCriteria([A], Monday, Monday.AddHours(72), SlotStatus.Free, 100, SlotSearchFlow.Cpts), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ps.Total, Is.EqualTo(2));
            Assert.That(ps.HealthcareServices, Is.Empty);
            Assert.That(cpts.Total, Is.EqualTo(3));
            Assert.That(cpts.HealthcareServices.Single().NativeId, Is.EqualTo("hs1"));
            Assert.That(cpts.Organizations.Single().Name, Is.EqualTo("CPTS AXE MAJEUR"));
        });
    }

    internal static SyncScope SosScope(params string[] sirets) => new(SyncScopeKind.Organization, sirets, Monday, Monday.AddHours(72));

    internal static NormalizedBatch SosBatch(params (string Siret, int Slots)[] associations)
    {
        var organizations = new List<CanonicalOrganization>();
        var locations = new List<CanonicalLocation>();
        var schedules = new List<CanonicalSchedule>();
        var slots = new List<CanonicalSlot>();
        foreach (var (siret, count) in associations)
        {
            organizations.Add(new CanonicalOrganization { SourceInstance = "sos", NativeId = "org-" + siret, NationalId = siret, Name = "SOS Médecins", FetchedAt = Monday });
            locations.Add(new CanonicalLocation
            {
                SourceInstance = "sos",
                NativeId = "pfg-" + siret,
                OrganizationNativeId = "org-" + siret,
                Name = "Centre de consultation",
                Address = new CanonicalAddress(["320 avenue Général Georges Patton"], "RENNES", "35700"),
                Hours = [new CanonicalOpeningHours(["mon", "tue"], false, "08:00:00", "19:00:00")],
                FetchedAt = Monday,
            });
            schedules.Add(new CanonicalSchedule { SourceInstance = "sos", NativeId = "sched-" + siret, LocationNativeId = "pfg-" + siret, FetchedAt = Monday });
            for (var i = 0; i < count; i++)
            {
                slots.Add(Slot("sos", siret, i) with { PractitionerNationalId = null, OrganizationNationalId = siret, ScheduleNativeId = "sched-" + siret, Types = SlotTypes.Public });
            }
        }

        return new NormalizedBatch { Organizations = organizations, Locations = locations, Schedules = schedules, Slots = slots };
    }
}
