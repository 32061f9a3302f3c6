using Hl7.Fhir.Model;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// The result of fetching one scope: either the resources the publisher returned for it, or a failure.
/// A successful batch replaces the instance's data inside <see cref="Scope"/>; a failed one changes nothing.
/// </summary>
public sealed class ConnectorBatch
{
    private ConnectorBatch(SyncScope scope, IReadOnlyList<Resource> resources, ConnectorFailure? failure, DateTimeOffset fetchedAt, TimeSpan duration)
    {
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

    public bool Succeeded => Failure is null;

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

    public static ConnectorBatch Failed(SyncScope scope, ConnectorFailure failure, DateTimeOffset fetchedAt, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(failure);
        return new ConnectorBatch(scope, [], failure, fetchedAt, duration);
    }
}
