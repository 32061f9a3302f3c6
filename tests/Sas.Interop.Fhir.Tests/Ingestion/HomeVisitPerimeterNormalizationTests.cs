using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Elements;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Tests.TestSupport;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Tests.Ingestion;

/// <summary>Issue #18 item 4: the home-visit perimeter extension on a pulled PractitionerRole — kept in metres, junk reported and dropped.</summary>
public sealed class HomeVisitPerimeterNormalizationTests
{
    private const string Ucum = "http://unitsofmeasure.org";

    private static readonly SyncScope Scope = new(
        SyncScopeKind.Practitioner,
        [PublisherResources.NationalId],
        new DateTimeOffset(2021, 11, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(2021, 11, 6, 0, 0, 0, TimeSpan.FromHours(1)));

    [TestCase("15", "km", Ucum, 15_000)]
    [TestCase("2500", "m", Ucum, 2_500)]
    [TestCase("100", "km", null, 100_000)]
    public void A_perimeter_in_km_or_m_is_kept_in_metres_and_served_back_in_km(string value, string code, string? system, double metres)
    {
        var batch = Normalize(new Quantity { Value = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Code = code, System = system });

        Assert.That(batch.Places.Single().HomeVisitRadiusMeters, Is.EqualTo(metres));
        Assert.That(batch.Issues, Is.Empty);
        var served = (Quantity)Sas.Interop.Fhir.Bundles.CanonicalToFhir.ToPractitionerRole(batch.Places.Single()).GetExtension(HomeVisitPerimeter.ExtensionUrl).Value;
        Assert.That((served.Value, served.Code, served.System), Is.EqualTo(((decimal)(metres / 1000), "km", Ucum)));
    }

    [TestCase("-5", "km", Ucum)]
    [TestCase("0", "km", Ucum)]
    [TestCase("100.5", "km", Ucum)]
    [TestCase("12", "[mi_i]", Ucum)]
    [TestCase("12", "km", "http://example.org/units")]
    [TestCase(null, "km", Ucum)]
    public void Junk_is_a_feed_quality_issue_and_the_place_is_kept_without_it(string? value, string code, string system)
    {
        var batch = Normalize(new Quantity { Value = value is null ? null : decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Code = code, System = system });

        Assert.That(batch.Places.Single().HomeVisitRadiusMeters, Is.Null);
        Assert.That(batch.Slots, Has.Count.EqualTo(1), "the slot stays");
        var issue = batch.Issues.Single();
        Assert.That((issue.ResourceType, issue.Reason, issue.Rejected), Is.EqualTo(("PractitionerRole", Reasons.InvalidHomeVisitPerimeter, false)));
        Assert.That(issue.Expression, Does.StartWith($"PractitionerRole.extension.where(url='{HomeVisitPerimeter.ExtensionUrl}')"));
    }

    [Test]
    public void A_value_that_is_not_a_quantity_or_two_perimeters_are_dropped_and_reported()
    {
        var text = Normalize(new FhirString("15 km"));
        var two = Normalize(new Quantity(5, "km", Ucum), new Quantity(9, "km", Ucum));

        Assert.That(text.Places.Single().HomeVisitRadiusMeters, Is.Null);
        Assert.That(two.Places.Single().HomeVisitRadiusMeters, Is.Null);
        Assert.That(text.Issues.Concat(two.Issues).Select(i => i.Reason), Is.EqualTo(new[] { Reasons.InvalidHomeVisitPerimeter, Reasons.InvalidHomeVisitPerimeter }));
    }

    private static NormalizedBatch Normalize(params DataType[] perimeters)
    {
        var role = PublisherResources.Role();
        foreach (var perimeter in perimeters)
        {
            role.Extension.Add(new Extension(HomeVisitPerimeter.ExtensionUrl, perimeter));
        }

        return new FhirNormalizer().Normalize("pub", Scope, [PublisherResources.Practitioner(), role, PublisherResources.Schedule(), PublisherResources.Slot()], Scope.From);
    }
}
