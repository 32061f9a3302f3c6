using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Tests.TestSupport;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Tests.Ingestion;

/// <summary>fr-core service-type-duration on a PractitionerRole: the duration declared per consultation mode; junk is reported, the role kept.</summary>
public sealed class ServiceTypeDurationTests
{
    private const string Url = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-service-type-duration";
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private static readonly SyncScope Scope = new(
        SyncScopeKind.Practitioner,
        [PublisherResources.NationalId],
        new DateTimeOffset(2021, 11, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(2021, 11, 6, 0, 0, 0, TimeSpan.FromHours(1)));

    [Test]
    public void Declared_durations_per_mode_are_read_in_minutes()
    {
        var role = PublisherResources.Role();
        role.Extension.Add(Declaration(new CodeableConcept(ActCode, "AMB"), Minutes(20, "min")));
        role.Extension.Add(Declaration(new CodeableConcept(ActCode, "VR"), Minutes(0.5m, "h")));

        var (place, issues) = Normalize(role);

        Assert.That(place.DeclaredDurations, Is.EqualTo(new[] { new DeclaredDuration(ConsultationModes.Ambulatory, 20), new DeclaredDuration(ConsultationModes.Virtual, 30) }));
        Assert.That(issues, Is.Empty);
    }

    [TestCase("XYZ", 20, "min", Reasons.BadCode)]
    [TestCase("HH", 0, "min", Reasons.InvalidValue)]
    [TestCase("HH", 12.5, "min", Reasons.InvalidValue)]
    [TestCase("HH", 20, "s", Reasons.InvalidValue)]
    [TestCase("HH", 3000, "min", Reasons.InvalidValue)]
    public void A_junk_declaration_is_reported_and_ignored_the_role_kept(string code, decimal value, string unit, string reason)
    {
        var role = PublisherResources.Role();
        role.Extension.Add(Declaration(new CodeableConcept(ActCode, code), Minutes(value, unit)));

        var (place, issues) = Normalize(role);

        Assert.That(place.DeclaredDurations, Is.Empty);
        Assert.That(issues.Select(i => (i.ResourceType, i.Reason, i.Rejected, i.Expression)), Is.EqualTo(new[] { ("PractitionerRole", reason, false, "PractitionerRole.extension") }));
    }

    [Test]
    public void A_declaration_without_its_duration_and_a_conflicting_second_one_are_reported()
    {
        var role = PublisherResources.Role();
        role.Extension.Add(new Extension { Url = Url, Extension = [new Extension("serviceType", new CodeableConcept(ActCode, "AMB"))] });
        role.Extension.Add(Declaration(new CodeableConcept(ActCode, "AMB"), Minutes(15, "min")));
        role.Extension.Add(Declaration(new CodeableConcept(ActCode, "AMB"), Minutes(25, "min")));

        var normalized = new FhirNormalizer().Normalize("pub", Scope, [PublisherResources.Practitioner(), role, PublisherResources.Schedule(), PublisherResources.Slot()], new DateTimeOffset(2021, 11, 4, 14, 20, 0, TimeSpan.Zero));

        Assert.That(normalized.Places.Single().DeclaredDurations, Is.EqualTo(new[] { new DeclaredDuration(ConsultationModes.Ambulatory, 15) }));
        Assert.That(normalized.Issues.Where(i => i.Expression == "PractitionerRole.extension").Select(i => i.Reason), Is.EqualTo(new[] { Reasons.MissingElement, Reasons.Duplicate }));
    }

    private static Extension Declaration(CodeableConcept serviceType, Duration duration) =>
        new() { Url = Url, Extension = [new Extension("serviceType", serviceType), new Extension("duration", duration)] };

    private static Duration Minutes(decimal value, string code) => new() { Value = value, System = "http://unitsofmeasure.org", Code = code };

    private static (CanonicalPlace Place, IReadOnlyList<IngestionIssue> Issues) Normalize(PractitionerRole role)
    {
        var batch = new FhirNormalizer().Normalize("pub", Scope, [PublisherResources.Practitioner(), role, PublisherResources.Schedule(), PublisherResources.Slot()], new DateTimeOffset(2021, 11, 4, 14, 20, 0, TimeSpan.Zero));
        return (batch.Places.Single(), batch.Issues.Where(i => i.Reason != Reasons.MissingElement && i.Reason != Reasons.NotGeocoded).ToList());
    }
}
