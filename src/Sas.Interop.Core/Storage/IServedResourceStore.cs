namespace Sas.Interop.Core.Storage;

/// <summary>
/// Reads by id (<c>GET [base]/Type/id</c>): the record behind a served id, only while a search answer would carry it
/// (truth.md): its slot, or a slot that points to it, is one a PS-individuel, CPTS or SOS search serves now.
/// </summary>
public interface IServedResourceStore
{
    /// <summary>The served record of <paramref name="resourceType"/> whose hub id is <paramref name="id"/>; null when none is served.</summary>
    /// <param name="resourceType">Slot, Schedule, Practitioner, PractitionerRole, Location, HealthcareService or Organization.</param>
    /// <param name="id">The hub's FHIR id (<see cref="Identifiers.ResourceIds.For"/>).</param>
    /// <param name="fetchedSince">Slots fetched before this instant are withheld (<c>Sync:WithholdAfter</c>), as in the searches.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ServedResource?> FindServedAsync(string resourceType, string id, DateTimeOffset? fetchedSince, CancellationToken cancellationToken);

    /// <summary>
    /// The records <paramref name="search"/> names that <see cref="FindServedAsync"/> would serve now, each once, in hub
    /// id order: the same rule as the read, applied to each candidate.
    /// </summary>
    Task<IReadOnlyList<ServedResource>> SearchServedAsync(ServedResourceSearch search, DateTimeOffset? fetchedSince, CancellationToken cancellationToken);
}
