using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// The result of fetching one scope: either the resources the publisher returned for it, or a failure.
/// A successful batch replaces the instance's data inside <see cref="Scope"/> (or, made with
/// <see cref="Changes"/>, only adds and updates what it carries); a failed one changes nothing.
/// </summary>
public sealed class ConnectorBatch
{
    private ConnectorBatch(SyncScope scope, IReadOnlyList<Resource> resources, ConnectorFailure? failure, DateTimeOffset fetchedAt, TimeSpan duration, bool replacesScope = true)
    {
        ReplacesScope = replacesScope;
        Scope = scope;
        Resources = resources;
        Failure = failure;
        FetchedAt = fetchedAt;
        Duration = duration;
    }

    public SyncScope Scope { get; }

    /// <summary>Resources returned (Slot, Schedule, Practitioner, PractitionerRole, …); empty on failure.</summary>
    public IReadOnlyList<Resource> Resources { get; }

    public ConnectorFailure? Failure { get; }

    /// <summary>
    /// What the connector itself skipped or fixed on the way (a resource it cannot map, a reference it cannot
    /// resolve): added to the run's feed-quality report next to the normaliser's issues, so nothing is lost silently.
    /// </summary>
    public IReadOnlyList<IngestionIssue> Issues { get; private init; } = [];

    public bool Succeeded => Failure is null;

    /// <summary>
    /// True (the default): a full snapshot of the scope; whatever the instance held in it and is not in the batch
    /// is deleted. False (<see cref="Changes"/>): an incremental batch; its records are added or updated by native
    /// id and nothing is deleted (a slot that became busy is stored busy, so it stops being served).
    /// </summary>
    public bool ReplacesScope { get; }

    /// <summary>When the response was received.</summary>
    public DateTimeOffset FetchedAt { get; }

    /// <summary>How long the fetch took, retries included.</summary>
    public TimeSpan Duration { get; }

    public static ConnectorBatch Success(SyncScope scope, IReadOnlyList<Resource> resources, DateTimeOffset fetchedAt, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(resources);
        return new ConnectorBatch(scope, resources, null, fetchedAt, duration);
    }

    /// <summary>
    /// An incremental batch: only what changed since the previous fetch. <paramref name="scope"/> still bounds what
    /// is accepted (keys and window) but nothing outside <paramref name="resources"/> is touched.
    /// </summary>
    public static ConnectorBatch Changes(SyncScope scope, IReadOnlyList<Resource> resources, DateTimeOffset fetchedAt, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(resources);
        return new ConnectorBatch(scope, resources, null, fetchedAt, duration, replacesScope: false);
    }

    /// <summary>This batch carrying <paramref name="issues"/> (the connector's own, see <see cref="Issues"/>).</summary>
    public ConnectorBatch WithIssues(IReadOnlyList<IngestionIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        return new ConnectorBatch(Scope, Resources, Failure, FetchedAt, Duration, ReplacesScope) { Issues = [.. Issues, .. issues] };
    }

    public static ConnectorBatch Failed(SyncScope scope, ConnectorFailure failure, DateTimeOffset fetchedAt, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(failure);
        return new ConnectorBatch(scope, [], failure, fetchedAt, duration);
    }
}
