using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Tests.TestSupport;
using Sas.Interop.Testing;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Tests.Ingestion;

/// <summary>Places get a position at ingestion: the publisher's Location.position, else the postal code's centroid.</summary>
public sealed class GeocodingTests
{
    private static readonly SyncScope Scope = new(
        SyncScopeKind.Practitioner,
        [PublisherResources.NationalId],
        new DateTimeOffset(2021, 11, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(2021, 11, 6, 0, 0, 0, TimeSpan.FromHours(1)));

    private readonly FhirNormalizer normalizer = new();

    [Test]
    public void PublisherPosition_Wins()
    {
        var role = PublisherResources.Role();
        ((Location)role.Contained[0]).Position = new Location.PositionComponent { Latitude = 44.1987m, Longitude = 0.6169m };

        var (place, issues) = Normalize(role);

        Assert.That(place.Position, Is.EqualTo(new GeoPoint(44.1987, 0.6169)));
        Assert.That(issues, Is.Empty);
    }

    [Test]
    public void WithoutPosition_ThePostalCodeCentroidIsUsed()
    {
        var (place, issues) = Normalize(PublisherResources.Role());

        Assert.That(place.Position, Is.Not.Null);
        Assert.That(place.Position!.Value.DistanceMetersTo(new GeoPoint(44.2033, 0.6163)), Is.LessThan(2_000), "Agen");
        Assert.That(issues, Is.Empty);
    }

    [Test]
    public void InvalidPosition_IsReported_AndThePostalCodeUsed()
    {
        var role = PublisherResources.Role();
        ((Location)role.Contained[0]).Position = new Location.PositionComponent { Latitude = 144m, Longitude = 0.6m };

        var (place, issues) = Normalize(role);

        Assert.That(place.Position, Is.EqualTo(PostalCodeCentroid("47000")));
        Assert.That(issues.Select(i => (i.ResourceType, i.Reason, i.Rejected)), Is.EqualTo(new[] { ("PractitionerRole", Reasons.InvalidPosition, false) }));
    }

    // Issue #14 case 2: Firely parses 1e30 leniently but cannot hold it in a decimal; its getter threw and ended the sync.
    [TestCase("1e30", "0.6", "latitude")]
    [TestCase("1E+30", "0.6", "latitude")]
    [TestCase("100000000000000000000000000000000000", "0.6", "latitude")]
    [TestCase("44.2", "1e400", "longitude")]
    [TestCase("-90.5", "0.6", "latitude")]
    [TestCase("44.2", "180.01", "longitude")]
    [TestCase("\"north\"", "0.6", "latitude")]
    [TestCase("0", "0", null)]
    public void A_position_outside_WGS84_in_the_publisher_s_JSON_is_dropped_and_the_place_kept(string latitude, string longitude, string? element)
    {
        var role = PublisherResources.Role();
        ((Location)role.Contained[0]).Position = new Location.PositionComponent { Latitude = 1.5m, Longitude = 2.5m };
        var json = role.ToJson().Replace("\"latitude\":1.5", "\"latitude\":" + latitude, StringComparison.Ordinal).Replace("\"longitude\":2.5", "\"longitude\":" + longitude, StringComparison.Ordinal);
        var parsed = (PractitionerRole)new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable)).DeserializeResource(json);

        var (place, issues) = Normalize(parsed);

        Assert.That(place.Position, Is.EqualTo(PostalCodeCentroid("47000")), "the postal code locates the place instead");
        var issue = issues.Single(i => i.Reason == Reasons.InvalidPosition);
        Assert.That((issue.ResourceType, issue.NativeId, issue.Rejected), Is.EqualTo(("PractitionerRole", "r1", false)));
        Assert.That(issue.Expression, Is.EqualTo(element is null ? "PractitionerRole.contained[0].position" : $"PractitionerRole.contained[0].position.{element}"));
    }

    [TestCase("99999")]
    [TestCase(null)]
    public void UnknownPostalCode_KeepsThePlaceWithoutPosition_AndReportsIt(string? postalCode)
    {
        var role = PublisherResources.Role();
        ((Location)role.Contained[0]).Address.PostalCode = postalCode;

        var (place, issues) = Normalize(role);

        Assert.That(place.Position, Is.Null);
        Assert.That(issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.NotGeocoded && !i.Rejected && i.ResourceType == "PractitionerRole"));
    }

    [TestCase("2A004", "Corsican postal codes are 20xxx")]
    [TestCase("96000", "prefix 96")]
    [TestCase("=HYPERLINK(\"http://evil\",\"pc\")", "five digits")]
    [TestCase("75 001", "five digits")]
    public void InvalidPostalCode_IsDropped_AndReported_ThePlaceKept(string postalCode, string why)
    {
        var role = PublisherResources.Role();
        ((Location)role.Contained[0]).Address.PostalCode = postalCode;

        var (place, issues) = Normalize(role);

        Assert.That(place.Address!.PostalCode, Is.Null);
        Assert.That(place.Address.City, Is.EqualTo("AGEN"), "the rest of the address is kept");
        var issue = issues.Single(i => i.Reason == Reasons.InvalidPostalCode);
        Assert.That((issue.ResourceType, issue.NativeId, issue.Rejected, issue.Expression), Is.EqualTo(("PractitionerRole", "r1", false, "PractitionerRole.contained.address.postalCode")));
        Assert.That(issue.Message, Does.Contain(why));
        Assert.That(issues.Select(i => i.Reason), Has.Member(Reasons.NotGeocoded), "no postal code left to locate it by");
    }

    [TestCase(" 75001 ", "75001")]
    [TestCase("20090", "20090")]
    [TestCase("97133", "97133")]
    public void ValidPostalCode_IsKept_SurroundingSpacesIgnored(string postalCode, string stored)
    {
        var role = PublisherResources.Role();
        ((Location)role.Contained[0]).Address.PostalCode = postalCode;

        var (place, issues) = Normalize(role);

        Assert.That(place.Address!.PostalCode, Is.EqualTo(stored));
        Assert.That(issues.Select(i => i.Reason), Has.No.Member(Reasons.InvalidPostalCode));
    }

    [Test]
    public void InvalidPostalCode_OfAnSosLocation_IsDropped_AndReported_TheLocationKept()
    {
        var resources = IgPackage.Resources(IgExamples.LoadBundle(IgPackage.SosBundle)).ToList();
        var location = resources.OfType<Location>().First();
        location.Address.PostalCode = "2A004";
        var scope = new SyncScope(SyncScopeKind.Organization, ["334173748400020", "392080466300010"], DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        var batch = normalizer.Normalize("sos", scope, resources, new DateTimeOffset(2023, 8, 18, 7, 0, 0, TimeSpan.Zero));

        Assert.That(batch.Locations.Single(l => l.NativeId == location.Id).Address!.PostalCode, Is.Null);
        var issue = batch.Issues.Single(i => i.Reason == Reasons.InvalidPostalCode);
        Assert.That((issue.ResourceType, issue.NativeId, issue.Rejected, issue.Expression), Is.EqualTo(("Location", location.Id, false, "Location.address.postalCode")));
    }

    private static GeoPoint PostalCodeCentroid(string code) => PostalCodeCentroids.TryLocate(code, out var point) ? point : throw new AssertionException(code);

    private (CanonicalPlace Place, IReadOnlyList<IngestionIssue> Issues) Normalize(PractitionerRole role)
    {
        var batch = normalizer.Normalize("pub", Scope, [PublisherResources.Practitioner(), role, PublisherResources.Schedule(), PublisherResources.Slot()], new DateTimeOffset(2021, 11, 4, 14, 20, 0, TimeSpan.Zero));
        return (batch.Places.Single(), batch.Issues.Where(i => i.Reason != Reasons.MissingElement).ToList());
    }
}
