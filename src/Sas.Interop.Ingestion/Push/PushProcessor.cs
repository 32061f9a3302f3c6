using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Outcomes;

namespace Sas.Interop.Ingestion.Push;

/// <summary>
/// Validates a publisher's writes with the same <see cref="FhirNormalizer"/> rules as pulled data, then stores them
/// under the publisher's own source in one transaction. References may point inside the request or to what the
/// publisher pushed before.
/// </summary>
internal sealed class PushProcessor(FhirNormalizer normalizer, IPushStore store, PublisherLocks locks, TimeProvider clock)
{
    public static readonly IReadOnlySet<string> WritableTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Practitioner", "PractitionerRole", "Schedule", "Slot", "Organization", "HealthcareService", "Location",
    };

    /// <param name="publisher">Who writes.</param>
    /// <param name="entries">The writes, already resolved to native ids.</param>
    /// <param name="atomic">Transaction (any rejection refuses everything: 422) or batch (each entry on its own).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<PushEntryResult>> ApplyAsync(PushingPublisher publisher, IReadOnlyList<PushEntry> entries, bool atomic, CancellationToken cancellationToken)
    {
        var source = publisher.SourceInstance;
        var resources = entries.Where(e => e.Resource is not null).Select(e => e.Resource!).ToList();
        var byKey = entries.Where(e => e.Resource is not null).ToDictionary(e => (e.ResourceType, e.NativeId));

        // Queues this node's overlapping pushes of the publisher; correctness does not depend on it (see PublisherLocks).
        using var held = await locks.AcquireAsync(publisher.Id, cancellationToken);

        var stored = await LoadReferencedAgendaAsync(source, resources, cancellationToken);
        var batch = Normalize(source, resources, stored);
        var refused = batch.Issues.Where(i => IsRefusedOnPush(i) && i.NativeId is not null && byKey.ContainsKey((i.ResourceType, i.NativeId)))
            .Select(i => (i.ResourceType, i.NativeId!)).ToHashSet();
        if (refused.Count > 0)
        {
            // The normaliser keeps such a resource without the bad value; a pushed one is refused instead, and
            // normalised again without it so that what depends on it is refused too and nothing of it is stored.
            var refusedIssues = batch.Issues.Where(i => i.NativeId is not null && refused.Contains((i.ResourceType, i.NativeId)))
                .Select(i => IsRefusedOnPush(i) ? i with { Rejected = true } : i).ToList();
            var kept = resources.Where(r => r.Id is null || !refused.Contains((r.TypeName, r.Id))).ToList();
            batch = Normalize(source, kept, stored);
            batch = batch with { Issues = [.. refusedIssues, .. batch.Issues] };
        }


        // Only issues naming an entry are the request's (a resource dropped for its missing or overlong id names none).
        var issues = batch.Issues.Where(i => i.NativeId is not null && byKey.ContainsKey((i.ResourceType, i.NativeId))).ToList();
        var failed = issues.Where(i => i.Rejected).Select(i => (i.ResourceType, i.NativeId!)).ToHashSet();
        if (atomic && failed.Count > 0)
        {
            throw new FhirRequestException((int)HttpStatusCode.UnprocessableEntity, [.. issues.OrderBy(i => byKey[(i.ResourceType, i.NativeId!)].Index).Select(i => ToFhirIssue(i, byKey))]);
        }

        var expected = entries.Where(e => e.Matched && e.IfMatch is not null && !failed.Contains((e.ResourceType, e.NativeId)))
            .ToDictionary(e => new PushKey(e.ResourceType, e.NativeId), e => e.IfMatch!.Value);
        var deletions = entries.Where(e => e.Method == "DELETE" && e.Matched).Select(e => e.NativeId).ToList();
        var outcomes = await store.ApplyAsync(source, batch, deletions, expected, atomic, clock.GetUtcNow(), cancellationToken);

        var conflicts = entries.Where(e => IsConflict(e, outcomes)).ToList();
        if (atomic && conflicts.Count > 0)
        {
            // The store wrote nothing: one stale entry fails the whole transaction, as FHIR says.
            throw new FhirRequestException((int)HttpStatusCode.PreconditionFailed, [.. conflicts.Select(e => ConflictIssue(e, outcomes))]);
        }

        return [.. entries.Select(e => ResultOf(e, source, failed, issues, outcomes))];
    }

    /// <summary>
    /// Kept with a fix when pulled, refused when pushed (the publisher is there to correct it): a position outside
    /// WGS 84, a postal code that is not French, a value the FHIR parser could not hold.
    /// </summary>
    private static bool IsRefusedOnPush(IngestionIssue issue) =>
        issue.Reason is IngestionIssueReasons.InvalidPosition or IngestionIssueReasons.InvalidPostalCode or IngestionIssueReasons.UnreadableValue
            or IngestionIssueReasons.InvalidHomeVisitPerimeter;

    /// <summary>
    /// The native id a URL id names. Publishers use their own ids; a hub id (<c>&lt;source&gt;.&lt;native id&gt;</c>, as
    /// in <c>Location</c>) of their own source is accepted too, hashed ones included (ids too long to stay readable).
    /// A hub id of another source (another publisher or a connector) is refused with 403: it names data the caller
    /// does not own. <paramref name="id"/> is a FHIR id (checked before).
    /// </summary>
    public async Task<string> ResolveNativeIdAsync(PushingPublisher publisher, string resourceType, string id, Func<string, bool> isPublisherSource, CancellationToken cancellationToken)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return id;
        }

        var prefix = id[..dot];
        var source = publisher.SourceInstance;
        if (IsHashedHubId(id, dot) && (prefix == source || (prefix.Length < source.Length && source.StartsWith(prefix, StringComparison.Ordinal)))
            && await store.FindHashedNativeIdAsync(source, resourceType, id, cancellationToken) is { } hashed)
        {
            return hashed;
        }

        if (prefix == source)
        {
            return id[(dot + 1)..];
        }

        if (isPublisherSource(prefix) || await store.HoldsSlotsAsync(prefix, cancellationToken))
        {
            throw new FhirRequestException((int)HttpStatusCode.Forbidden, [new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Forbidden, $"'{id}' belongs to source '{prefix}'; a publisher may write and delete only its own data.")]);
        }

        return id;
    }

    // "<source>.h" + 32 lower-case hex digits: the shape ResourceIds.For gives an id it had to hash.
    private static bool IsHashedHubId(string id, int dot) =>
        id.Length == dot + 34 && id[dot + 1] == 'h' && !id.AsSpan(dot + 2).ContainsAnyExcept("0123456789abcdef");

    /// <summary>
    /// The native id a conditional <c>identifier</c> names in the publisher's <paramref name="resourceType"/>s, by
    /// system and value (see <see cref="IPushStore.ResolveIdentifierAsync"/>). A write (<paramref name="resource"/> given)
    /// always gets one: a new identifier is recorded under the URL's system, or for <c>identifier=value</c> under the
    /// system the resource gives that value. A delete gets null when nothing matches. Several matches: 412, as FHIR says.
    /// </summary>
    public async Task<string?> ResolveIdentifierAsync(PushingPublisher publisher, string resourceType, IdentifierCondition condition, Resource? resource, string? expression, CancellationToken cancellationToken)
    {
        var claimAs = resource is null ? null : condition.System ?? SystemGiven(resource, condition.Value);
        var matches = await store.ResolveIdentifierAsync(publisher.SourceInstance, resourceType, condition.System, condition.Value, claimAs, cancellationToken);
        if (matches.Count > 1)
        {
            throw new FhirRequestException((int)HttpStatusCode.PreconditionFailed, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.MultipleMatches,
                $"identifier={condition} matches {matches.Count} of your {resourceType}s ({string.Join(", ", matches.Order(StringComparer.Ordinal))}): name the system (system|value).",
                expression)]);
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    // The system the resource itself gives the value, when exactly one; else none.
    private static string SystemGiven(Resource resource, string value)
    {
        var systems = resource is IIdentifiable<List<Identifier>> identifiable
            ? identifiable.Identifier.Where(i => i.Value == value).Select(i => i.System ?? string.Empty).Distinct(StringComparer.Ordinal).ToList()
            : [];
        return systems.Count == 1 && systems[0].Length <= IPushStore.MaxIdentifierSystemLength ? systems[0] : string.Empty;
    }

    /// <summary>Deletes one slot of the publisher, if it is at version <paramref name="ifMatch"/> when given.</summary>
    public async Task<PushWriteOutcome> DeleteSlotAsync(PushingPublisher publisher, string nativeId, long? ifMatch, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(publisher.Id, cancellationToken);
        var key = new PushKey("Slot", nativeId);
        var expected = ifMatch is { } version ? new Dictionary<PushKey, long> { [key] = version } : [];
        var outcomes = await store.ApplyAsync(publisher.SourceInstance, new NormalizedBatch(), [nativeId], expected, atomic: true, clock.GetUtcNow(), cancellationToken);
        return outcomes[key];
    }

    /// <summary>The 412 issue of a write whose If-Match is not the stored version.</summary>
    public static FhirIssue ConflictIssue(PushEntry entry, PushWriteOutcome? outcome) =>
        new(
            OperationOutcome.IssueSeverity.Error,
            OperationOutcome.IssueType.Conflict,
            outcome?.Version is { } stored
                ? $"{entry.ResourceType}/{entry.NativeId}: If-Match {VersionTags.Format(entry.IfMatch ?? 0)} but the stored version is {VersionTags.Format(stored)}; read it again and resend."
                : $"{entry.ResourceType}/{entry.NativeId}: If-Match {VersionTags.Format(entry.IfMatch ?? 0)} but you hold no such resource.",
            entry.IfMatchExpression);

    private static FhirIssue ConflictIssue(PushEntry entry, IReadOnlyDictionary<PushKey, PushWriteOutcome> outcomes) =>
        ConflictIssue(entry, OutcomeOf(entry, outcomes));

    // If-Match on a conditional DELETE that names nothing cannot match either (RFC 9110 13.1.1).
    private static bool IsConflict(PushEntry entry, IReadOnlyDictionary<PushKey, PushWriteOutcome> outcomes) =>
        entry.Matched ? OutcomeOf(entry, outcomes)?.Status == PushWriteStatus.VersionConflict : entry.IfMatch is not null;

    private static PushWriteOutcome? OutcomeOf(PushEntry entry, IReadOnlyDictionary<PushKey, PushWriteOutcome> outcomes) =>
        outcomes.GetValueOrDefault(new PushKey(entry.ResourceType, entry.NativeId));

    private static PushEntryResult ResultOf(PushEntry entry, string source, HashSet<(string, string)> failed, List<IngestionIssue> issues, IReadOnlyDictionary<PushKey, PushWriteOutcome> outcomes)
    {
        if (failed.Contains((entry.ResourceType, entry.NativeId)))
        {
            var own = issues.Where(i => i.ResourceType == entry.ResourceType && i.NativeId == entry.NativeId)
                .Select(i => ToFhirIssue(i, entry));
            return new PushEntryResult((int)HttpStatusCode.UnprocessableEntity, null, OperationOutcomeFactory.From(own));
        }

        var outcome = OutcomeOf(entry, outcomes);
        if (IsConflict(entry, outcomes))
        {
            return new PushEntryResult((int)HttpStatusCode.PreconditionFailed, null, OperationOutcomeFactory.From([ConflictIssue(entry, outcome)]), outcome?.Version, outcome?.LastModified);
        }

        if (entry.Method == "DELETE")
        {
            return new PushEntryResult((int)HttpStatusCode.NoContent, null, null);
        }

        var location = $"{entry.ResourceType}/{ResourceIds.For(source, entry.NativeId)}";
        if (outcome?.Version is not { } version)
        {
            // Accepted but not stored as such (nothing of it survived normalisation): no version to name.
            return new PushEntryResult((int)HttpStatusCode.OK, location, null);
        }

        var status = outcome.Status == PushWriteStatus.Created ? (int)HttpStatusCode.Created : (int)HttpStatusCode.OK;
        return new PushEntryResult(status, $"{location}/_history/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}", null, version, outcome.LastModified);
    }

    private static FhirIssue ToFhirIssue(IngestionIssue issue, Dictionary<(string, string), PushEntry> byKey) =>
        ToFhirIssue(issue, byKey[(issue.ResourceType, issue.NativeId!)]);

    // "Slot.start" on entry 3 becomes "Bundle.entry[3].resource.start": where the publisher has to look.
    private static FhirIssue ToFhirIssue(IngestionIssue issue, PushEntry entry)
    {
        var expression = issue.Expression is { } e && e.StartsWith(issue.ResourceType, StringComparison.Ordinal)
            ? entry.ExpressionRoot + e[issue.ResourceType.Length..]
            : issue.Expression ?? entry.ExpressionRoot;
        return new FhirIssue(
            issue.Rejected ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
            issue.Rejected ? OperationOutcome.IssueType.Invalid : OperationOutcome.IssueType.Informational,
            $"{issue.ResourceType}/{issue.NativeId}: {issue.Message}",
            expression);
    }

    /// <summary>
    /// Normalises a push: its structure agendas and its practitioners' agendas each in their own flow (the normaliser
    /// reads one kind of roster at a time), as one batch, so a transaction carrying both is written as one. Only the
    /// practitioners' agendas build on stored records (a lone Slot on its earlier pushed Schedule).
    /// </summary>
    private NormalizedBatch Normalize(string source, List<Resource> resources, StoredAgenda stored)
    {
        var now = clock.GetUtcNow();
        var (structures, practitioners) = PushAgendaParts.Split(resources);
        if (structures.Count == 0 || practitioners.Count == 0)
        {
            return normalizer.Normalize(resources, NormalisationContext.Pushed(source, KindOf(resources), stored, now));
        }

        var structureBatch = normalizer.Normalize(structures, NormalisationContext.Pushed(source, KindOf(structures), StoredAgenda.Empty, now));
        var practitionerBatch = normalizer.Normalize(practitioners, NormalisationContext.Pushed(source, KindOf(practitioners), stored, now));
        return new NormalizedBatch
        {
            Practitioners = practitionerBatch.Practitioners,
            Places = practitionerBatch.Places,
            Schedules = [.. structureBatch.Schedules, .. practitionerBatch.Schedules],
            Slots = [.. structureBatch.Slots, .. practitionerBatch.Slots],
            Organizations = [.. structureBatch.Organizations, .. practitionerBatch.Organizations.Where(o => structureBatch.Organizations.All(s => s.NativeId != o.NativeId))],
            HealthcareServices = [.. structureBatch.HealthcareServices, .. practitionerBatch.HealthcareServices],
            Locations = [.. structureBatch.Locations, .. practitionerBatch.Locations],
            Issues = [.. structureBatch.Issues, .. practitionerBatch.Issues],
        };
    }

    // Structure agendas (SOS, centres de santé, MSP) name their Location, or only their HealthcareService.
    private static SyncScopeKind KindOf(List<Resource> resources) =>
        resources.OfType<Schedule>().Any(PushAgendaParts.IsStructureSchedule) ? SyncScopeKind.Organization : SyncScopeKind.Practitioner;

    /// <summary>
    /// The stored practitioners, places and practitioners' schedules the request references but does not carry, so
    /// the normaliser can resolve a lone Slot against its earlier pushed Schedule. They are checked, never re-stored.
    /// </summary>
    private async Task<StoredAgenda> LoadReferencedAgendaAsync(string source, List<Resource> resources, CancellationToken cancellationToken)
    {
        var present = resources.Select(r => (r.TypeName, r.Id)).ToHashSet();
        var references = resources.OfType<Slot>().Select(s => s.Schedule?.Reference)
            .Concat(resources.OfType<Schedule>().SelectMany(s => s.Actor.Select(a => a.Reference)))
            .Concat(resources.OfType<PractitionerRole>().Select(r => r.Practitioner?.Reference))
            .OfType<string>()
            .Select(r => r.Split('/'))
            .Where(parts => parts.Length == 2 && !present.Contains((parts[0], parts[1])))
            .ToList();
        string[] Missing(string type) => [.. references.Where(p => p[0] == type).Select(p => p[1]).Distinct(StringComparer.Ordinal)];

        var schedules = Missing("Schedule");
        var places = Missing("PractitionerRole");
        var practitioners = Missing("Practitioner");
        if (schedules.Length + places.Length + practitioners.Length == 0)
        {
            return StoredAgenda.Empty;
        }

        var stored = await store.LoadAgendaAsync(source, schedules, places, practitioners, cancellationToken);
        return new StoredAgenda(
            [.. stored.Practitioners.Where(p => !present.Contains(("Practitioner", p.NativeId)))],
            [.. stored.Places.Where(p => !present.Contains(("PractitionerRole", p.NativeId)))],
            [.. stored.Schedules.Where(s => !present.Contains(("Schedule", s.NativeId)) && s.PlaceNativeId is not null)]);
    }
}
