using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Fhir.Tests.TestSupport;

namespace Sas.Interop.Fhir.Tests.Bundles;

public sealed class SlotBundleBuilderTests
{
    private const string Source = IgPsSearch.Source;
    private const string BaseUrl = "https://hub.example/fhir";
    private const string SelfUrl = "https://hub.example/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge2021-11-04T14:19:35.760%2B00:00&start=le2021-11-06T23:59:59.999%2B00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899,urn:oid:1.2.250.1.71.4.2.1%7C810100050075&status=free";

    private static readonly DateTimeOffset FetchedAt = new(2021, 11, 4, 14, 20, 0, TimeSpan.Zero);

    private static readonly SyncScope IgScope = IgPsSearch.Scope;

    private static readonly SlotSearchRequest FullRequest = IgPsSearch.FullRequest;

    private readonly SlotBundleBuilder builder = new();

    [Test]
    public void IgRoundTrip_EverySlotKeepsItsContent()
    {
        var ig = IgExamples.LoadBundle(IgExamples.PsBundle);
        var built = builder.Build(ResultFrom(ig), FullRequest, BaseUrl, SelfUrl);

        var builtSlots = built.Entry.Select(e => e.Resource).OfType<Slot>().ToDictionary(s => s.Id!);
        var igSlots = ig.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        Assert.That(builtSlots, Has.Count.EqualTo(igSlots.Count));
        foreach (var expected in igSlots)
        {
            var actual = builtSlots[ResourceIds.For(Source, expected.Id!)];
            using (Assert.EnterMultipleScope())
            {
                Assert.That(actual.Start, Is.EqualTo(expected.Start), expected.Id);
                Assert.That(actual.Start!.Value.Offset, Is.EqualTo(expected.Start!.Value.Offset), expected.Id);
                Assert.That(actual.End, Is.EqualTo(expected.End), expected.Id);
                Assert.That(Codes(actual.Meta!.Security), Is.EquivalentTo(Codes(expected.Meta!.Security)), expected.Id);
                Assert.That(Modes(actual), Is.EqualTo(Modes(expected)), expected.Id);
                Assert.That(Motives(actual), Is.EqualTo(Motives(expected)), expected.Id);
                Assert.That(Specialties(actual), Is.EqualTo(Specialties(expected)), expected.Id);
                Assert.That(Codes(actual.AppointmentType?.Coding ?? []), Is.EqualTo(Codes(expected.AppointmentType?.Coding ?? [])), expected.Id);
                Assert.That(actual.Comment, Is.EqualTo(expected.Comment), expected.Id);
                Assert.That(actual.Status, Is.EqualTo(Slot.SlotStatus.Free), expected.Id);
                Assert.That(actual.Schedule!.Reference, Is.EqualTo("Schedule/" + ResourceIds.For(Source, expected.Schedule!.Reference!["Schedule/".Length..])), expected.Id);
            }
        }
    }

    [Test]
    public void IgRoundTrip_HasTheBundleAgregateurShape()
    {
        var built = builder.Build(ResultFrom(IgExamples.LoadBundle(IgExamples.PsBundle)), FullRequest, BaseUrl, SelfUrl);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(built.Type, Is.EqualTo(Bundle.BundleType.Searchset));
            Assert.That(built.Total, Is.EqualTo(4));
            Assert.That(built.Meta!.Profile, Is.EqualTo(new[] { SasProfiles.BundlePs }));
            Assert.That(built.Link.Single().Relation, Is.EqualTo("self"));
            Assert.That(built.Link.Single().Url, Is.EqualTo(SelfUrl));
            Assert.That(built.Entry.Select(e => e.Resource!.TypeName), Is.EqualTo(
                Enumerable.Repeat("Slot", 4).Concat(Enumerable.Repeat("Schedule", 3)).Concat(Enumerable.Repeat("Practitioner", 2)).Concat(Enumerable.Repeat("PractitionerRole", 3))));
            foreach (var entry in built.Entry)
            {
                var resource = entry.Resource!;
                Assert.That(entry.FullUrl, Is.EqualTo($"{BaseUrl}/{resource.TypeName}/{resource.Id}"));
                Assert.That(entry.Search!.Mode, Is.EqualTo(resource is Slot ? Bundle.SearchEntryMode.Match : Bundle.SearchEntryMode.Include));
                Assert.That(resource.Meta!.Profile.Single(), Is.EqualTo(ExpectedProfile(resource)));
                Assert.That(resource.Meta.LastUpdated, Is.EqualTo(FetchedAt));
            }
        }
    }

    [Test]
    public void IgRoundTrip_EveryReferenceResolvesInsideTheBundle()
    {
        var built = builder.Build(ResultFrom(IgExamples.LoadBundle(IgExamples.PsBundle)), FullRequest, BaseUrl, SelfUrl);
        var present = built.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").ToHashSet();

        var references = built.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Schedule!.Reference)
            .Concat(built.Entry.Select(e => e.Resource).OfType<Schedule>().SelectMany(s => s.Actor.Select(a => a.Reference)))
            .Concat(built.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Select(r => r.Practitioner!.Reference))
            .ToList();

        Assert.That(references, Is.All.Matches<string>(present.Contains));
        foreach (var schedule in built.Entry.Select(e => e.Resource).OfType<Schedule>())
        {
            Assert.That(schedule.Actor.Select(a => a.Reference!.Split('/')[0]), Is.EqualTo(new[] { "Practitioner", "PractitionerRole" }));
        }
    }

    [Test]
    public void Practitioners_CarryTheIdnpsIdentifierAndName()
    {
        var built = builder.Build(ResultFrom(IgExamples.LoadBundle(IgExamples.PsBundle)), FullRequest, BaseUrl, SelfUrl);
        var marcel = built.Entry.Select(e => e.Resource).OfType<Practitioner>().Single(p => p.Identifier[0].Value == "810002673899");

        var identifier = marcel.Identifier.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(identifier.System, Is.EqualTo("urn:oid:1.2.250.1.71.4.2.1"));
            Assert.That(identifier.Type!.Coding.Single().System, Is.EqualTo("http://interopsante.org/fhir/CodeSystem/fr-v2-0203"));
            Assert.That(identifier.Type.Coding.Single().Code, Is.EqualTo("IDNPS"));
            Assert.That(marcel.Name.Single().Family, Is.EqualTo("MARCEL"));
            Assert.That(marcel.Name.Single().Given, Is.EqualTo(new[] { "Guillaume" }));
            Assert.That(marcel.Telecom, Is.Empty);
        }
    }

    [Test]
    public void PractitionerRoles_ContainTheirLocation_AndReferenceTheOrganisationLogically()
    {
        var built = builder.Build(ResultFrom(IgExamples.LoadBundle(IgExamples.PsBundle)), FullRequest, BaseUrl, SelfUrl);
        var role = built.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single(r => r.Id == ResourceIds.For(Source, "ExamplePractitionerRoleAgregateur4"));

        var location = role.Contained.OfType<Location>().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(role.Location.Single().Reference, Is.EqualTo("#" + location.Id));
            Assert.That(location.Meta!.Profile, Is.EqualTo(new[] { SasProfiles.Location }));
            Assert.That(location.Meta.LastUpdated, Is.Null, "dom-4: contained resources carry no lastUpdated");
            Assert.That(location.Identifier.Single().System, Is.EqualTo("urn:oid:1.1.111.1.111.1.1.1"));
            Assert.That(location.Identifier.Single().Value, Is.EqualTo("1"));
            Assert.That(location.Identifier.Single().Type!.Coding.Single().System, Is.EqualTo(KnownIdentifierSystems.FrLocationIdentifierType));
            Assert.That(location.Identifier.Single().Type!.Coding.Single().Code, Is.EqualTo("INTRN"));
            Assert.That(location.Address!.Line, Is.EqualTo(new[] { "1 rue Mme DELMAS" }));
            Assert.That(location.Address.City, Is.EqualTo("AGEN"));
            Assert.That(location.Address.PostalCode, Is.EqualTo("47000"));
            Assert.That(role.Practitioner!.Reference, Is.EqualTo("Practitioner/" + ResourceIds.For(Source, "ExamplePractitioner3")));
            var organization = role.Organization!.Identifier!;
            Assert.That(organization.System, Is.EqualTo("urn:oid:1.2.250.1.71.4.2.2"));
            Assert.That(organization.Value, Is.EqualTo("1810004421"));
            Assert.That(organization.Type!.Coding.Single().System, Is.EqualTo("http://interopsante.org/fhir/CodeSystem/fr-v2-0203"));
            Assert.That(organization.Type.Coding.Single().Code, Is.EqualTo("IDNST"));
            Assert.That(role.Telecom.Single().System, Is.EqualTo(ContactPoint.ContactPointSystem.Phone));
            Assert.That(role.Telecom.Single().Value, Is.EqualTo("+33658913859"));
        }
    }

    [Test]
    public void Output_SurvivesAStrictFirelyRoundTrip_AndHasNoEmptyElements()
    {
        var built = builder.Build(ResultFrom(IgExamples.LoadBundle(IgExamples.PsBundle)), FullRequest, BaseUrl, SelfUrl);

        var json = FhirJson.Serialize(built);
        var reparsed = FhirJson.ParseStrict<Bundle>(json);

        Assert.That(reparsed.IsExactly(built), Is.True);
        Assert.That(EmptyElements(JsonDocument.Parse(json).RootElement, "Bundle"), Is.Empty);
    }

    [Test]
    public void WithoutIncludes_OnlySlotsAreReturned_AndActorsNeedTheirSchedules()
    {
        var result = ResultFrom(IgExamples.LoadBundle(IgExamples.PsBundle));

        var slotsOnly = builder.Build(result, FullRequest with { IncludeSchedules = false, IncludeScheduleActors = true }, BaseUrl, SelfUrl);
        var withSchedules = builder.Build(result, FullRequest with { IncludeScheduleActors = false }, BaseUrl, SelfUrl);

        Assert.That(slotsOnly.Entry.Select(e => e.Resource!.TypeName).Distinct(), Is.EqualTo(new[] { "Slot" }));
        Assert.That(withSchedules.Entry.Select(e => e.Resource!.TypeName).Distinct(), Is.EqualTo(new[] { "Slot", "Schedule" }));
    }

    [Test]
    public void EmptyResult_IsAnEmptySearchsetWithTotalZero()
    {
        var built = builder.Build(SlotSearchResult.Empty, FullRequest, BaseUrl + "/", SelfUrl);

        Assert.That(built.Total, Is.Zero);
        Assert.That(built.Entry, Is.Empty);
        Assert.That(FhirJson.Serialize(built), Does.Contain("\"total\":0"));
    }

    [Test]
    public void Total_IsTheStoreTotal_NotTheNumberOfSlotsReturned()
    {
        var result = ResultFrom(IgExamples.LoadBundle(IgExamples.PsBundle)) with { Total = 250 };

        Assert.That(builder.Build(result, FullRequest, BaseUrl, SelfUrl).Total, Is.EqualTo(250));
    }

    [TestCase(null, "412345678912345", true)]
    [TestCase(KnownIdentifierSystems.StructureNationalId, "1810004421", true)]
    [TestCase(null, "ABC-42", false)]
    [TestCase("https://editeur.example/structures", "810004421", false)]
    public void OrganisationType_IsClaimedOnlyForValidPrefixedStructureIds(string? system, string value, bool typed)
    {
        var role = RoleFor(Place() with { Organization = new CanonicalIdentifier(system, value) });

        var identifier = role.Organization!.Identifier!;
        Assert.That(identifier.Value, Is.EqualTo(value));
        Assert.That(identifier.System, typed ? Is.EqualTo(KnownIdentifierSystems.StructureNationalId) : Is.Null);
        Assert.That(identifier.Type, typed ? Is.Not.Null : Is.Null);
    }

    [Test]
    public void PlaceWithoutLocationIdentifier_GetsAHubScopedIntrnIdentifier_AndMultipleLinesAreJoined()
    {
        var role = RoleFor(Place() with { LocationIdentifier = null, Address = new CanonicalAddress(["Bâtiment B", "2 place X"], "AGEN", null), Organization = null });

        var location = role.Contained.OfType<Location>().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(location.Identifier.Single().System, Is.EqualTo($"urn:sas-interop:{Source}:location"));
            Assert.That(location.Identifier.Single().Value, Is.EqualTo("r1"));
            Assert.That(location.Identifier.Single().Type!.Coding.Single().Code, Is.EqualTo("INTRN"));
            Assert.That(location.Address!.Line, Is.EqualTo(new[] { "Bâtiment B, 2 place X" }));
            Assert.That(location.Address.PostalCode, Is.Null);
            Assert.That(role.Organization, Is.Null);
        }
    }

    private static PractitionerRole RoleFor(CanonicalPlace place)
    {
        var result = new SlotSearchResult(
            1,
            [new CanonicalSlot { SourceInstance = Source, NativeId = "slot1", ScheduleNativeId = "s1", PractitionerNationalId = "810100050075", Start = IgScope.From, End = IgScope.From.AddMinutes(20) }],
            [new CanonicalSchedule { SourceInstance = Source, NativeId = "s1", PractitionerNativeId = "p1", PlaceNativeId = "r1" }],
            [place],
            [new CanonicalPractitioner { SourceInstance = Source, NativeId = "p1", NationalId = "810100050075" }]);
        var bundle = new SlotBundleBuilder().Build(result, FullRequest, BaseUrl, SelfUrl);
        return bundle.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single();
    }

    private static CanonicalPlace Place() => new()
    {
        SourceInstance = Source,
        NativeId = "r1",
        PractitionerNativeId = "p1",
        LocationIdentifier = new CanonicalIdentifier("https://editeur.example", "9"),
        Address = new CanonicalAddress(["1 rue A"], "AGEN", "47000"),
    };

    private static SlotSearchResult ResultFrom(Bundle ig)
    {
        var batch = new FhirNormalizer().Normalize(Source, IgScope, IgExamples.Resources(ig), FetchedAt);
        Assert.That(batch.Issues, Is.Empty);
        return new SlotSearchResult(batch.Slots.Count, [.. batch.Slots.OrderBy(s => s.Start)], batch.Schedules, batch.Places, batch.Practitioners);
    }

    private static string ExpectedProfile(Resource resource) => resource switch
    {
        Slot => SasProfiles.Slot,
        Schedule => SasProfiles.Schedule,
        Practitioner => SasProfiles.Practitioner,
        PractitionerRole => SasProfiles.PractitionerRole,
        _ => throw new AssertionException($"Unexpected {resource.TypeName} in the bundle"),
    };

    private static IEnumerable<string> Codes(IEnumerable<Coding> codings) => codings.Select(c => $"{c.System}|{c.Code}");

    private static IEnumerable<string> Modes(Slot slot) => Codes(slot.ServiceType.SelectMany(c => c.Coding));

    private static IEnumerable<string?> Motives(Slot slot) => slot.ServiceType.Where(c => c.Coding.Count == 0).Select(c => c.Text);

    private static IEnumerable<string> Specialties(Slot slot) =>
        slot.Specialty.Select(c => string.Join(";", Codes(c.Coding)) + "/" + c.Text);

    private static IEnumerable<string> EmptyElements(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when !element.EnumerateObject().Any():
            case JsonValueKind.Array when element.GetArrayLength() == 0:
            case JsonValueKind.String when string.IsNullOrWhiteSpace(element.GetString()):
                yield return path;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var empty in EmptyElements(property.Value, $"{path}.{property.Name}"))
                    {
                        yield return empty;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var empty in EmptyElements(item, $"{path}[{index++}]"))
                    {
                        yield return empty;
                    }
                }

                break;
        }
    }
}
