using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Fhir.Tests.TestSupport;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Tests.Ingestion;

/// <summary>
/// Values a publisher's JSON can carry that Firely parses leniently but cannot type: each costs at most its own
/// resource (or only the value), never the batch (issue #14 case 2; cases the property test found are pinned here).
/// </summary>
public sealed class HostileValueTests
{
    private static readonly SyncScope Scope = new(
        SyncScopeKind.Practitioner,
        [PublisherResources.NationalId],
        new DateTimeOffset(2021, 11, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(2021, 11, 6, 0, 0, 0, TimeSpan.FromHours(1)));

    private readonly FhirNormalizer normalizer = new();

    [Test]
    public void An_unknown_name_use_is_reported_and_the_practitioner_kept()
    {
        var practitioner = Parse<Practitioner>(PublisherResources.Practitioner(), "\"family\":\"THOMAS\"", "\"use\":\"nickname2\",\"family\":\"THOMAS\"");

        var batch = Normalize(practitioner);

        Assert.That(batch.Practitioners.Single().Family, Is.EqualTo("THOMAS"));
        Assert.That(batch.Slots, Has.Count.EqualTo(1));
        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.Reason == Reasons.UnreadableValue && !i.Rejected && i.Expression == "Practitioner.name[0].use"));
    }

    [Test]
    public void A_number_where_an_identifier_value_is_due_rejects_the_practitioner_alone_with_its_FHIRPath()
    {
        var practitioner = Parse<Practitioner>(PublisherResources.Practitioner(), $"\"value\":\"{PublisherResources.NationalId}\"", $"\"value\":{PublisherResources.NationalId}");

        var batch = Normalize(practitioner, PublisherResources.Practitioner("p2", "810100050083"), PublisherResources.Role("r2", "p2"), PublisherResources.Schedule("s2", "p2", "r2"), PublisherResources.Slot("slot2", "s2"));

        var issue = batch.Issues.Single(i => i.ResourceType == "Practitioner");
        Assert.That((issue.NativeId, issue.Reason, issue.Rejected, issue.Expression), Is.EqualTo(("p1", Reasons.UnreadableValue, true, "Practitioner.identifier[0].value")));
        Assert.That(batch.Practitioners.Select(p => p.NativeId), Is.EqualTo(new[] { "p2" }), "the other practitioner of the batch is kept");
    }

    [Test]
    public void Unknown_days_and_a_non_boolean_allDay_in_SOS_opening_hours_do_not_end_the_batch()
    {
        var location = new Location
        {
            Id = "loc",
            ManagingOrganization = new ResourceReference("Organization/org"),
            HoursOfOperation = [new Location.HoursOfOperationComponent { DaysOfWeek = [DaysOfWeek.Mon, DaysOfWeek.Tue], AllDay = true }],
        };
        var parsed = FhirJson.Serialize(Parse<Location>(location, "\"tue\"", "\"someday\"")).Replace("\"allDay\":true", "\"allDay\":\"yes\"", StringComparison.Ordinal);
        var organization = new Organization { Id = "org", Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.2", "334173748400020")] };

        var batch = normalizer.Normalize("pub", Scope with { Kind = SyncScopeKind.Organization, Keys = ["334173748400020"] }, [organization, FhirJson.Parse<Location>(parsed)], Scope.From);

        Assert.That(batch.Locations.Single().Hours.Single().Days, Is.EqualTo(new[] { "mon" }));
        Assert.That(batch.Issues.Where(i => i.Reason == Reasons.UnreadableValue).Select(i => i.Expression), Is.EquivalentTo(new[] { "Location.hoursOfOperation[0].daysOfWeek[1]", "Location.hoursOfOperation[0].allDay" }));
    }

    [Test]
    public void An_id_too_long_to_index_rejects_its_resource_alone()
    {
        var slot = PublisherResources.Slot(new string('x', 100_000));

        var batch = Normalize(PublisherResources.Slot("ok"), slot);

        Assert.That(batch.Slots.Select(s => s.NativeId), Is.EqualTo(new[] { "ok" }));
        Assert.That(batch.Issues, Has.One.Matches<IngestionIssue>(i => i.ResourceType == "Slot" && i.Reason == Reasons.InvalidValue && i.Expression == "Slot.id" && i.NativeId!.Length < 40));
    }

    private static T Parse<T>(T resource, string find, string replacement)
        where T : Resource
    {
        var json = FhirJson.Serialize(resource);
        Assert.That(json, Does.Contain(find), "the test spoils the JSON");
        return FhirJson.Parse<T>(json.Replace(find, replacement, StringComparison.Ordinal));
    }

    private NormalizedBatch Normalize(Resource first, params Resource[] more)
    {
        List<Resource> resources = first is Practitioner ? [first, PublisherResources.Role(), PublisherResources.Schedule(), PublisherResources.Slot()] : [PublisherResources.Practitioner(), PublisherResources.Role(), PublisherResources.Schedule(), first];
        resources.AddRange(more);
        return normalizer.Normalize("pub", Scope with { Keys = [PublisherResources.NationalId, "810100050083"] }, resources, Scope.From);
    }
}
