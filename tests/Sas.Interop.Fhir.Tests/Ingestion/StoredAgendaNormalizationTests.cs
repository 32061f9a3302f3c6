using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Tests.TestSupport;
using Sas.Interop.Ingestion.Normalisation;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Tests.Ingestion;

/// <summary>A push builds on what its publisher stored before: the normaliser's context carries it, no stand-in resources.</summary>
public sealed class StoredAgendaNormalizationTests
{
    private const string Source = "push-editeur";
    private static readonly DateTimeOffset ReceivedAt = new(2021, 11, 4, 14, 20, 0, TimeSpan.Zero);

    private static readonly StoredAgenda Stored = new(
        [new CanonicalPractitioner { SourceInstance = Source, NativeId = "p1", NationalId = PublisherResources.NationalId }],
        [new CanonicalPlace { SourceInstance = Source, NativeId = "r1", PractitionerNativeId = "p1" }],
        [new CanonicalSchedule { SourceInstance = Source, NativeId = "s1", PractitionerNativeId = "p1", PlaceNativeId = "r1" }]);

    private readonly FhirNormalizer normalizer = new();

    [Test]
    public void A_lone_slot_resolves_against_the_stored_schedule_which_is_not_returned()
    {
        var batch = normalizer.Normalize([PublisherResources.Slot()], NormalisationContext.Pushed(Source, SyncScopeKind.Practitioner, Stored, ReceivedAt));

        Assert.That(batch.Issues, Is.Empty);
        Assert.That(batch.Slots.Single().PractitionerNationalId, Is.EqualTo(PublisherResources.NationalId));
        Assert.That(batch.Practitioners.Concat<SourceRecord>(batch.Places).Concat(batch.Schedules), Is.Empty);
    }

    [Test]
    public void A_stored_schedule_whose_practitioner_the_batch_rejects_rejects_its_slots()
    {
        var unidentified = PublisherResources.Practitioner();
        unidentified.Identifier.Clear();
        var stored = Stored with { Practitioners = [] };

        var batch = normalizer.Normalize([unidentified, PublisherResources.Slot()], NormalisationContext.Pushed(Source, SyncScopeKind.Practitioner, stored, ReceivedAt));

        Assert.That(batch.Slots, Is.Empty);
        var slotIssue = batch.Issues.Single(i => i.ResourceType == "Slot");
        Assert.That(slotIssue.Reason, Is.EqualTo(Reasons.BrokenReference));
        Assert.That(slotIssue.Message, Is.EqualTo("It depends on Schedule/s1, which was rejected; rejected too."));
    }
}
