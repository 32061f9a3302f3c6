using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Tests.TestSupport;
using Sas.Interop.Testing;

namespace Sas.Interop.Fhir.Tests.Bundles;

/// <summary>The IG's CPTS and SOS examples through normalisation and back out in the IG's response shapes.</summary>
public sealed class CptsAndSosBundleTests
{
    private const string Source = "editeur-b";
    private const string BaseUrl = "https://hub.example/fhir";
    private static readonly DateTimeOffset FetchedAt = new(2024, 6, 12, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_slot_visible_to_two_CPTS_carries_one_service_type_per_CPTS_and_both_CPTS_are_included()
    {
        var scope = new SyncScope(SyncScopeKind.Practitioner, ["810002909371"], new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2024, 6, 13, 0, 0, 0, TimeSpan.FromHours(2)));
        var batch = new FhirNormalizer().Normalize(Source, scope, IgPackage.Resources(IgExamples.LoadBundle(IgExamples.CptsBundle2)), FetchedAt);
        var result = new SlotSearchResult(1, batch.Slots, batch.Schedules, batch.Places, batch.Practitioners)
        {
            HealthcareServices = batch.HealthcareServices,
            Organizations = batch.Organizations,
        };
        var request = new SlotSearchRequest
        {
            Criteria = new SlotSearchCriteria(scope.Keys, scope.From, scope.To, SlotStatus.Free, 1000, SlotSearchFlow.Cpts),
            IncludeSchedules = true,
            IncludeScheduleActors = true,
            IncludeCptsServices = true,
            IncludeCptsOrganizations = true,
        };

        var bundle = new SlotBundleBuilder().Build(result, request, BaseUrl, BaseUrl + "/Slot?x");

        var slot = bundle.Entry.Select(e => e.Resource).OfType<Slot>().Single();
        var cptsEntries = slot.ServiceType.Where(s => s.Coding.Any(c => c.System == SasCodeSystems.CategorieEtablissement && c.Code == "604")).ToList();
        var services = bundle.Entry.Select(e => e.Resource).OfType<HealthcareService>().ToList();
        var organizations = bundle.Entry.Select(e => e.Resource).OfType<Organization>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bundle.Meta.Profile, Is.EqualTo(new[] { SasProfiles.BundleCpts }));
            Assert.That(slot.Meta.Profile, Is.EqualTo(new[] { SasProfiles.CptsSlot }));
            Assert.That(slot.Meta.Security.Select(c => c.Code), Is.EquivalentTo(new[] { "PUBLIC", "CPTS" }));
            Assert.That(cptsEntries, Has.Count.EqualTo(2));
            Assert.That(
                cptsEntries.Select(e => ((ResourceReference)e.Extension.Single(x => x.Url == SasProfiles.R5SlotServiceTypeExtension).Value).Reference),
                Is.EquivalentTo(services.Select(s => "HealthcareService/" + s.Id)));
            Assert.That(services.Select(s => s.ProvidedBy.Reference), Is.EquivalentTo(organizations.Select(o => "Organization/" + o.Id)));
            Assert.That(organizations.Select(o => o.Identifier.Single().Value), Is.EquivalentTo(new[] { "1950047225", "1950046227" }));
            Assert.That(organizations.All(o => o.Identifier[0].Type.Coding[0].System == KnownIdentifierSystems.FrCoreV20203), "the CPTS profile pattern's type system");
            Assert.That(services.Concat<Resource>(organizations).All(r => bundle.Entry.Single(e => e.Resource == r).Search.Mode == Bundle.SearchEntryMode.Include));
        });
    }

    [Test]
    public void The_PS_flow_drops_the_CPTS_code_and_the_CPTS_service_types()
    {
        var scope = new SyncScope(SyncScopeKind.Practitioner, ["810002909371"], new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2024, 6, 13, 0, 0, 0, TimeSpan.FromHours(2)));
        var batch = new FhirNormalizer().Normalize(Source, scope, IgPackage.Resources(IgExamples.LoadBundle(IgExamples.CptsBundle2)), FetchedAt);
        var request = new SlotSearchRequest { Criteria = new SlotSearchCriteria(scope.Keys, scope.From, scope.To, SlotStatus.Free, 1000), IncludeSchedules = true };

        var bundle = new SlotBundleBuilder().Build(new SlotSearchResult(1, batch.Slots, batch.Schedules, batch.Places, batch.Practitioners), request, BaseUrl, BaseUrl + "/Slot?x");

        var slot = bundle.Entry.Select(e => e.Resource).OfType<Slot>().Single();
        Assert.That(slot.Meta.Security.Select(c => c.Code), Is.EqualTo(new[] { "PUBLIC" }));
        Assert.That(slot.ServiceType.SelectMany(s => s.Coding).Select(c => c.Code), Is.EqualTo(new[] { "AMB" }));
        Assert.That(bundle.Entry.Select(e => e.Resource).OfType<HealthcareService>(), Is.Empty);
    }

    [Test]
    public void The_SOS_example_comes_back_as_schedules_with_their_slots_places_and_associations()
    {
        var scope = new SyncScope(SyncScopeKind.Organization, ["334173748400020", "392080466300010"], new DateTimeOffset(2023, 8, 18, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2023, 8, 20, 8, 0, 0, TimeSpan.FromHours(2)));
        var example = IgExamples.LoadBundle(IgPackage.SosBundle);

        var batch = new FhirNormalizer().Normalize(Source, scope, IgPackage.Resources(example), FetchedAt);
        var request = new SosScheduleSearchRequest
        {
            Criteria = new SosSearchCriteria(scope.Keys, scope.From, scope.To, SlotStatus.Free, 1000),
            IncludeSlots = true,
            IncludeLocations = true,
            IncludeOrganizations = true,
        };
        var bundle = new SosScheduleBundleBuilder().Build(new SosSearchResult(batch.Schedules, batch.Slots, batch.Locations, batch.Organizations), request, BaseUrl, BaseUrl + "/Schedule?x");

        Assert.That(batch.Issues, Is.Empty);
        Assert.That(batch.Slots.Select(s => s.OrganizationNationalId).Distinct(), Is.EquivalentTo(scope.Keys));
        var byType = bundle.Entry.GroupBy(e => e.Resource.TypeName).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Multiple(() =>
        {
            Assert.That(bundle.Meta.Profile, Is.EqualTo(new[] { SasProfiles.BundleSos }));
            Assert.That(bundle.Total, Is.EqualTo(3), "total counts the matching Schedules (FHIR), not the slots (the IG example's 4)");
            Assert.That(byType["Schedule"], Has.Count.EqualTo(3).And.All.Matches<Bundle.EntryComponent>(e => e.Search.Mode == Bundle.SearchEntryMode.Match));
            Assert.That(byType["Slot"], Has.Count.EqualTo(4).And.All.Matches<Bundle.EntryComponent>(e => e.Search.Mode == Bundle.SearchEntryMode.Include));
            Assert.That(byType["Location"], Has.Count.EqualTo(3));
            Assert.That(byType["Organization"], Has.Count.EqualTo(2));
        });
        var expectedSlots = example.Entry.Select(e => e.Resource).OfType<Slot>().Select(Describe).Order();
        var actualSlots = byType["Slot"].Select(e => (Slot)e.Resource).Select(Describe).Order();
        Assert.That(actualSlots, Is.EqualTo(expectedSlots));
        var location = byType["Location"].Select(e => (Location)e.Resource).Single(l => l.Identifier[0].Value == "1111111111");
        Assert.Multiple(() =>
        {
            Assert.That(location.Name, Is.EqualTo("Centre de consultation Rennes Nord"));
            Assert.That(location.HoursOfOperation.SelectMany(h => h.DaysOfWeek).Count(), Is.EqualTo(6));
            Assert.That(location.ManagingOrganization.Reference, Does.StartWith("Organization/"));
            Assert.That(byType["Organization"].Select(e => ((Organization)e.Resource).Identifier.Single().Value), Is.EquivalentTo(scope.Keys));
        });
    }

    [Test]
    public void SOS_slots_of_an_association_not_asked_for_are_rejected_as_out_of_scope()
    {
        var scope = new SyncScope(SyncScopeKind.Organization, ["334173748400020"], new DateTimeOffset(2023, 8, 18, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2023, 8, 20, 8, 0, 0, TimeSpan.FromHours(2)));

        var batch = new FhirNormalizer().Normalize(Source, scope, IgPackage.Resources(IgExamples.LoadBundle(IgPackage.SosBundle)), FetchedAt);

        Assert.That(batch.Slots.Select(s => s.OrganizationNationalId).Distinct(), Is.EqualTo(new[] { "334173748400020" }));
        Assert.That(batch.Issues.Where(i => i.ResourceType == "Slot").Select(i => i.Reason).Distinct(), Is.EqualTo(new[] { IngestionIssueReasons.OutOfScope }));
    }

    // The CPTS and SOS bundle profiles need at least a Slot, a Schedule and their actors (4 entries): an empty
    // answer cannot conform, so it must not claim them (issue #15, 6b).
    [Test]
    public void An_empty_CPTS_answer_claims_no_profile_it_cannot_satisfy()
    {
        var from = new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.Zero);
        var request = new SlotSearchRequest
        {
            Criteria = new SlotSearchCriteria(["810002909371"], from, from.AddDays(1), SlotStatus.Free, 1000, SlotSearchFlow.Cpts),
            IncludeSchedules = true,
            IncludeScheduleActors = true,
            IncludeCptsServices = true,
            IncludeCptsOrganizations = true,
        };

        var bundle = new SlotBundleBuilder().Build(new SlotSearchResult(0, [], [], [], []), request, BaseUrl, BaseUrl + "/Slot?x");

        Assert.That(bundle.Meta?.Profile ?? [], Is.Empty);
        Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
        Assert.That(bundle.Total, Is.Zero);
    }

    [Test]
    public void An_empty_SOS_answer_claims_no_profile_it_cannot_satisfy()
    {
        var from = new DateTimeOffset(2023, 8, 18, 0, 0, 0, TimeSpan.Zero);
        var request = new SosScheduleSearchRequest
        {
            Criteria = new SosSearchCriteria(["334173748400020"], from, from.AddDays(1), SlotStatus.Free, 1000),
            IncludeSlots = true,
            IncludeLocations = true,
            IncludeOrganizations = true,
        };

        var bundle = new SosScheduleBundleBuilder().Build(new SosSearchResult([], [], [], []), request, BaseUrl, BaseUrl + "/Schedule?x");

        Assert.That(bundle.Meta?.Profile ?? [], Is.Empty);
        Assert.That(bundle.Total, Is.Zero);
    }

    private static string Describe(Slot slot) => string.Join(
        "|",
        slot.Start!.Value.ToUniversalTime().ToString("O"),
        slot.End!.Value.ToUniversalTime().ToString("O"),
        string.Join(",", slot.Meta.Security.Select(c => c.Code).Order()),
        string.Join(",", slot.ServiceType.SelectMany(s => s.Coding).Select(c => c.Code).Order()),
        slot.AppointmentType?.Coding.FirstOrDefault()?.Code,
        slot.Comment);
}
